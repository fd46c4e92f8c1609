/** The cloud test server is only evidence if it speaks OpenAI's real protocol: the official SDK must accept it. */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';

let server: OpenAIServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startOpenAIServer();
  client = new OpenAI({ apiKey: 'sk-test-key', baseURL: server.baseURL, maxRetries: 0, logLevel: 'off' });
});
afterAll(() => server.close());
beforeEach(() => {
  server.faults = [];
  server.reply = undefined;
  server.expectedKey = 'sk-test-key';
  server.requests.length = 0;
});

const messages = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'hello there' },
];

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  let text = '';
  const finishes: (string | null)[] = [];
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice) {
      text += choice.delta.content ?? '';
      finishes.push(choice.finish_reason);
    }
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, finish: finishes.at(-1), usage };
}

describe('the OpenAI-compatible test server, through the official SDK', () => {
  it('answers a plain request with a ChatCompletion', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe('You said: hello there');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 4,
      total_tokens: 16,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test-key');
  });

  it('streams chunks, then usage when asked for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(await collect(stream)).toEqual({
      text: 'You said: hello there',
      finish: 'stop',
      usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 } },
    });
  });

  it('honours max_tokens with finish_reason length', async () => {
    server.reply = 'one two three four five';
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, max_tokens: 2 });
    const result = await collect(stream);
    expect(result.text).toBe('one two ');
    expect(result.finish).toBe('length');
  });

  it.each([
    ['unauthorized', OpenAI.AuthenticationError, 401],
    ['forbidden', OpenAI.PermissionDeniedError, 403],
    ['no-model', OpenAI.NotFoundError, 404],
    ['context', OpenAI.BadRequestError, 400],
    ['quota', OpenAI.RateLimitError, 429],
    ['server-error', OpenAI.InternalServerError, 500],
  ] as const)('%s: the SDK raises its own error class with the status', async (fault, Class, status) => {
    server.faults = [fault];
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Class);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
  });

  it('rejects a wrong key with 401, whatever the fault plan', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: server.baseURL, maxRetries: 0, logLevel: 'off' });
    await expect(wrong.chat.completions.create({ model: 'gpt-4o-mini', messages })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('sends Retry-After with a 429, which the SDK honours when it retries', async () => {
    server.faults = ['rate-limit'];
    const retrying = new OpenAI({ apiKey: 'sk-test-key', baseURL: server.baseURL, maxRetries: 1, logLevel: 'off' });
    const started = Date.now();
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(completion.choices[0]?.message.content).toBe('You said: hello there');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it waited the second the server asked for
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    server.faults = ['rate-limit-long'];
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('3600');
  });

  it('a malformed event makes the SDK throw mid-stream, after the good chunks', async () => {
    server.faults = ['malformed'];
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyntaxError);
    expect(text).toBe('You said: hello ');
  });

  it('an error event mid-stream becomes an APIError', async () => {
    server.faults = ['error-event'];
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    await expect(collect(stream)).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('a cut socket fails the stream; a clean early end leaves no finish_reason', async () => {
    server.faults = ['cut'];
    const cut = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    await expect(collect(cut)).rejects.toThrow();
    server.faults = ['end-early'];
    const early = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    expect(await collect(early)).toEqual({ text: 'You said: hello ', finish: null, usage: undefined });
  });

  it('sees the client go away when a slow stream is aborted', async () => {
    server.faults = ['slow'];
    server.reply = 'a b c d e f g h i j k l m n o p';
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, { signal: controller.signal });
    const before = server.disconnects;
    let pieces = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++pieces === 2) controller.abort();
    }
    await expect.poll(() => server.disconnects).toBe(before + 1);
  });
});
