/** The AI SDK's prompt and call options as the runtime's OpenAI-shaped request: every part kind, and what cannot be honoured. */
import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../src/ai-sdk/prompt.ts';
import { requestOf } from '../../src/ai-sdk/request.ts';
import { finishReasonOf, usageOf } from '../../src/ai-sdk/result.ts';

describe('messagesOf', () => {
  it('maps system, user text and pictures, assistant text with tool calls, and tool results', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(
      messagesOf([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
            { type: 'file', mediaType: 'image/*', data: { type: 'url', url: new URL('blob:http://localhost/1') } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'not read back' },
            { type: 'text', text: 'Let me add.' },
            { type: 'tool-call', toolCallId: 'c1', toolName: 'add', input: { a: 1, b: 2 } },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'c1', toolName: 'add', output: { type: 'json', value: 3 } },
            { type: 'tool-result', toolCallId: 'c2', toolName: 'x', output: { type: 'execution-denied', reason: 'the user said no' } },
          ],
        },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
          { type: 'image_url', image_url: { url: 'blob:http://localhost/1' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me add.',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{"a":1,"b":2}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '3' },
      { role: 'tool', tool_call_id: 'c2', content: 'The call was not run: the user said no' },
    ]);
  });

  it('refuses a file the models cannot read, by message and type, rather than dropping it', () => {
    expect(() =>
      messagesOf([
        {
          role: 'user',
          content: [{ type: 'file', mediaType: 'application/pdf', filename: 'report.pdf', data: { type: 'data', data: 'JVBE' } }],
        },
      ]),
    ).toThrow(
      expect.objectContaining({
        name: 'InvalidRequestError',
        message: expect.stringContaining('Message 1 has a file of type application/pdf (report.pdf)'),
      }),
    );
  });
});

describe('requestOf', () => {
  it('maps settings, a JSON schema, tools and a named tool choice; warns about what it cannot honour', () => {
    const { params, warnings } = requestOf({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'pick' }] }],
      maxOutputTokens: 5,
      temperature: 0,
      topP: 0.9,
      topK: 40,
      seed: 7,
      stopSequences: ['\n'],
      responseFormat: { type: 'json', name: 'pick', schema: { type: 'object' } },
      tools: [
        { type: 'function', name: 'add', description: 'Adds.', inputSchema: { type: 'object' } },
        { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} },
      ],
      toolChoice: { type: 'tool', toolName: 'add' },
      providerOptions: { inpage: { cachePrompt: false } },
    });
    expect(params).toEqual({
      messages: [{ role: 'user', content: 'pick' }],
      max_tokens: 5,
      temperature: 0,
      top_p: 0.9,
      seed: 7,
      stop: ['\n'],
      response_format: { type: 'json_schema', json_schema: { name: 'pick', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'function', function: { name: 'add', description: 'Adds.', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'add' } },
      cache_prompt: false,
    });
    expect(warnings.map((w) => ('feature' in w ? w.feature : ''))).toEqual(['topK', 'provider tool openai.web_search']);
  });

  it('asks for any JSON object when no schema is given', () => {
    expect(requestOf({ prompt: [], responseFormat: { type: 'json' } }).params.response_format).toEqual({ type: 'json_object' });
  });
});

describe('results', () => {
  it('says an abort as "interrupted", and usage with the cached part of the prompt', () => {
    expect(finishReasonOf('abort')).toEqual({ unified: 'interrupted', raw: 'abort' });
    expect(finishReasonOf('tool_calls')).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(
      usageOf({ prompt_tokens: 10, completion_tokens: 4, total_tokens: 14, prompt_tokens_details: { cached_tokens: 6 } }),
    ).toMatchObject({
      inputTokens: { total: 10, noCache: 4, cacheRead: 6 },
      outputTokens: { total: 4, text: 4 },
    });
  });
});
