/** The cloud engine against the loopback OpenAI server: streaming, usage, Stop, each fault as a named error, the key's binding. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/runtime/page/engines/cloud/cloud-engine.ts';
import { normalizeEndpoint } from '../../src/runtime/page/engines/cloud/endpoint.ts';
import { costInUsd } from '../../src/runtime/page/engines/cloud/pricing.ts';
import type { ChatCompletionChunk, ChatRequest } from '../../src/runtime/shared/engine.ts';
import { type IncompleteReplyError, InPageError, type RateLimitError } from '../../src/runtime/shared/errors/errors.ts';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';

const KEY = 'sk-unit-0123456789abcdefghij';
let server: OpenAIServer;
let keys: Map<string, string>;
let engine: CloudEngine;

beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  server.faults = [];
  server.reply = undefined;
  server.toolCalls = undefined;
  server.expectedKey = KEY;
  server.requests.length = 0;
  keys = new Map([[server.baseURL, KEY]]);
  engine = new CloudEngine({ keyFor: async (endpoint) => keys.get(endpoint), maxRetryWaitSeconds: 5 });
  await engine.load({ engine: 'cloud', id: 'gpt-4o-mini', name: 'GPT-4o mini', url: `${server.baseURL}/` });
});

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'hello there' },
  ],
  temperature: 0,
};

const posts = () => server.requests.filter((r) => r.method === 'POST');

async function failure(promise: Promise<unknown>): Promise<InPageError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InPageError);
  return error as InPageError;
}

describe('CloudEngine', () => {
  it('streams a reply and returns it with usage; the request is what OpenAI expects', async () => {
    const chunks: string[] = [];
    const result = await engine.chat(request, { onChunk: (c) => chunks.push(c.choices[0].delta.content ?? '') });
    expect(chunks).toEqual(['You ', 'said: ', 'hello ', 'there']);
    expect(result.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: 'You said: hello there' },
      finish_reason: 'stop',
    });
    expect(result.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 4,
      total_tokens: 16,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    const [sent] = posts();
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      model: 'gpt-4o-mini',
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
    });
  });

  it('sends response_format, tools and a tool loop exactly as OpenAI takes them', async () => {
    const schema = { type: 'object', properties: { sql: { type: 'string' } }, required: ['sql'], additionalProperties: false };
    const tools = [
      { type: 'function' as const, function: { name: 'add', description: 'Adds', parameters: { type: 'object', properties: {} } } },
    ];
    const call = { id: 'call_a', type: 'function' as const, function: { name: 'add', arguments: '{"a":1}' } };
    await engine.chat({
      messages: [
        { role: 'user', content: 'one plus one' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_a', content: '2' },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'query', schema, strict: true } },
      tools,
      tool_choice: 'none',
      parallel_tool_calls: false,
    });
    expect(JSON.parse(posts()[0]?.body ?? '')).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'one plus one' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_a', content: '2' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      response_format: { type: 'json_schema', json_schema: { name: 'query', schema, strict: true } },
      tools,
      tool_choice: 'none',
      parallel_tool_calls: false,
    });
  });

  it('gathers streamed tool calls whose arguments are split across chunks', async () => {
    const wanted = [
      { name: 'add', arguments: '{"a": 2, "b": 3}' },
      { name: 'convert', arguments: '{"value": 10, "from": "km", "to": "mi"}' },
    ] as const;
    server.toolCalls = [...wanted];
    const deltas: NonNullable<ChatCompletionChunk['choices'][0]['delta']['tool_calls']> = [];
    const tools = ['add', 'convert'].map((name) => ({ type: 'function' as const, function: { name } }));
    const result = await engine.chat({ ...request, tools }, { onChunk: (c) => deltas.push(...(c.choices[0].delta.tool_calls ?? [])) });
    expect(result.choices[0].finish_reason).toBe('tool_calls');
    expect(result.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: `call_test${result.id.split('-')[1]}x0`, type: 'function', function: wanted[0] },
        { id: `call_test${result.id.split('-')[1]}x1`, type: 'function', function: wanted[1] },
      ],
    });
    // Streamed as it came: the first piece names the call, the rest carry the arguments three characters at a time.
    expect(deltas.filter((d) => d.index === 0).length).toBe(1 + Math.ceil(wanted[0].arguments.length / 3));
    expect(deltas[0]).toEqual({ index: 0, id: result.choices[0].message.tool_calls?.[0]?.id, type: 'function', function: { name: 'add' } });
    expect(
      deltas
        .filter((d) => d.index === 1)
        .map((d) => d.function?.arguments ?? '')
        .join(''),
    ).toBe(wanted[1].arguments);
  });

  it('max_tokens ends the reply with finish_reason length', async () => {
    server.reply = 'one two three four';
    const result = await engine.chat({ ...request, max_tokens: 2 });
    expect(result.choices[0].message.content).toBe('one two ');
    expect(result.choices[0].finish_reason).toBe('length');
  });

  it('Stop cancels the HTTP request and keeps the partial reply', async () => {
    server.faults = ['slow'];
    server.reply = 'a b c d e f g h i j k l m n o p';
    const controller = new AbortController();
    const before = server.disconnects;
    const result = await engine.chat(request, {
      signal: controller.signal,
      onChunk: (c) => {
        if (c.choices[0].delta.content === 'b ') controller.abort();
      },
    });
    expect(result.choices[0].finish_reason).toBe('abort');
    expect(result.choices[0].message.content).toBe('a b ');
    expect(result.usage.completion_tokens).toBe(2);
    await expect.poll(() => server.disconnects).toBe(before + 1);
  });

  it.each([
    ['unauthorized', 'AuthenticationError', 'rejected the API key (401)'],
    ['forbidden', 'PermissionDeniedError', 'refused this request (403): Country, region, or territory not supported'],
    ['no-model', 'ModelNotFoundError', 'has no model "gpt-4o-mini" for this key (404)'],
    ['context', 'ContextWindowExceededError', 'longer than gpt-4o-mini can read'],
    ['quota', 'RateLimitError', 'no credit left'],
    ['server-error', 'ServiceUnavailableError', 'failed on its side (500)'],
  ] as const)('%s → %s, with what to do', async (fault, name, text) => {
    server.faults = [fault, fault];
    const error = await failure(engine.chat(request));
    expect(error.name).toBe(name);
    expect(error.message).toContain(text);
    expect(error.message).not.toContain(KEY);
    expect(posts()).toHaveLength(1); // only 429s with a short Retry-After are retried
  });

  it('a 429 is retried once after its Retry-After; a second 429 is reported with the wait', async () => {
    server.faults = ['rate-limit'];
    const waits: number[] = [];
    const result = await engine.chat(request, { onRetry: (s) => waits.push(s) });
    expect(result.choices[0].message.content).toBe('You said: hello there');
    expect(waits).toEqual([1]);
    expect(posts()).toHaveLength(2);

    server.faults = ['rate-limit', 'rate-limit'];
    const error = await failure(engine.chat(request));
    expect(error.name).toBe('RateLimitError');
    expect(error.message).toContain('Try again in 1 s');
    expect(posts()).toHaveLength(4);
  });

  it('a 429 asking for longer than the bound is not waited on', async () => {
    server.faults = ['rate-limit-long'];
    const error = await failure(engine.chat(request));
    expect(error.message).toContain('Try again in 60 min');
    expect((error as RateLimitError).details.retryAfterSeconds).toBe(3600);
    expect(posts()).toHaveLength(1);
  });

  it.each([
    ['malformed', 'is not valid'],
    ['error-event', 'stopped the reply with an error'],
    ['cut', 'broke before the reply was finished'],
    ['end-early', 'broke before the reply was finished'],
  ] as const)('a stream that is %s keeps what arrived in the error', async (fault, text) => {
    server.faults = [fault];
    const chunks: string[] = [];
    const error = await failure(engine.chat(request, { onChunk: (c) => chunks.push(c.choices[0].delta.content ?? '') }));
    expect(error.name).toBe('IncompleteReplyError');
    expect(error.message).toContain(text);
    expect((error as IncompleteReplyError).details.partialContent).toBe('You said: hello ');
    expect(chunks.join('')).toBe('You said: hello ');
  });

  it('an unreachable endpoint is a NetworkError that names the host', async () => {
    const closed = await startOpenAIServer();
    const url = closed.baseURL;
    await closed.close();
    keys.set(url, KEY);
    await engine.load({ engine: 'cloud', id: 'gpt-4o-mini', name: 'GPT-4o mini', url });
    const error = await failure(engine.chat(request));
    expect(error.name).toBe('NetworkError');
    expect(error.message).toContain(`Could not reach ${new URL(url).host}`);
  });

  it('sends the key only to the endpoint it was saved for; elsewhere, no Authorization at all', async () => {
    keys = new Map([['https://elsewhere.example/v1', KEY]]);
    server.expectedKey = undefined;
    await engine.chat(request);
    expect(posts()[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(server.requests)).not.toContain(KEY);
  });

  it('refuses bad requests and a chat before load, naming the problem', async () => {
    await expect(engine.chat({ messages: [] })).rejects.toThrow('The conversation is empty');
    await engine.unload();
    await expect(engine.chat(request)).rejects.toThrow('Choose the cloud model');
    expect(posts()).toHaveLength(0);
  });
});

describe('endpoints and prices', () => {
  it('normalizes an endpoint and refuses unsafe ones', () => {
    expect(normalizeEndpoint(' https://api.openai.com/v1/ ')).toBe('https://api.openai.com/v1');
    expect(normalizeEndpoint('http://localhost:11434/v1')).toBe('http://localhost:11434/v1');
    expect(normalizeEndpoint('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000/v1');
    expect(() => normalizeEndpoint('http://example.com/v1')).toThrow('must use https://');
    expect(() => normalizeEndpoint('https://user:sk-1@example.com/v1')).toThrow('not in the address');
    expect(() => normalizeEndpoint('https://example.com/v1?key=sk-1')).toThrow('remove the "?"');
    expect(() => normalizeEndpoint('api.openai.com')).toThrow('is not a web address');
  });

  it('prices GPT-4o mini per million tokens, and nothing it does not know', () => {
    expect(costInUsd('gpt-4o-mini', { prompt_tokens: 1_000_000, completion_tokens: 1_000_000, total_tokens: 2_000_000 })).toBeCloseTo(
      0.75,
      10,
    );
    expect(costInUsd('gpt-4o-mini', { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 })).toBeCloseTo(0.00045, 10);
    expect(costInUsd('llama3', { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 })).toBeUndefined();
    // Prompt tokens OpenAI served from its cache are billed at half the input price.
    const cached = {
      prompt_tokens: 2_000_000,
      completion_tokens: 0,
      total_tokens: 2_000_000,
      prompt_tokens_details: { cached_tokens: 1_000_000 },
    };
    expect(costInUsd('gpt-4o-mini', cached)).toBeCloseTo(0.15 + 0.075, 10);
  });
});
