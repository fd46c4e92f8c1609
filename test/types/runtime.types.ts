/**
 * Type checks of the public API, in the spirit of comlink's tests/type-checks.ts: `tsc -b` fails if a
 * shape drifts. Nothing here runs.
 */
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionStream,
  createRuntime,
  InPageError,
  ModelNotFoundError,
  type Runtime,
} from '../../src/lib/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_: T) => {};

declare const runtime: Runtime;
const messages = [{ role: 'user' as const, content: 'hi' }];

export async function checks() {
  // The overloads: no stream → a ChatCompletion; stream: true → an async iterable of chunks.
  const completion = await runtime.chat.completions.create({ messages });
  assert<Equal<typeof completion, ChatCompletion>>(true);
  const stream = await runtime.chat.completions.create({ messages, stream: true });
  assert<Equal<typeof stream, ChatCompletionStream>>(true);
  for await (const chunk of stream) assert<Equal<typeof chunk, ChatCompletionChunk>>(true);
  stream.controller.abort();

  // The OpenAI request fields, and an AbortSignal as the SDK takes it.
  await runtime.chat.completions.create(
    { model: 'ignored', messages, temperature: 0, top_p: 1, max_tokens: 5, stop: ['\n'], seed: 1 },
    { signal: new AbortController().signal },
  );

  // Prompt caching: on by default, off per request; usage says what was reused, in OpenAI's field.
  const again = await runtime.chat.completions.create({ messages, cache_prompt: false });
  assert<Equal<typeof again.usage.prompt_tokens_details, { cached_tokens: number } | undefined>>(true);
  // @ts-expect-error cache_prompt is a boolean
  await runtime.chat.completions.create({ messages, cache_prompt: 'no' });

  // What is refused: an unknown role, a stream flag that is not boolean, an option that does not exist.
  // @ts-expect-error 'robot' is not a role
  await runtime.chat.completions.create({ messages: [{ role: 'robot', content: 'x' }] });
  // @ts-expect-error stream is a boolean
  await runtime.chat.completions.create({ messages, stream: 'yes' });
  // @ts-expect-error no such option
  createRuntime({ modle: 'auto' });

  // Typed events, and errors that are classes.
  const off = runtime.on('progress', (p) =>
    assert<Equal<typeof p.phase, 'download' | 'load-from-cache' | 'gpu-upload' | 'start' | 'other-tab'>>(true),
  );
  off();
  // @ts-expect-error no such event
  runtime.on('nonsense', () => {});
  const error: unknown = null;
  if (error instanceof ModelNotFoundError) assert<Equal<typeof error.code, 'MODEL_NOT_FOUND'>>(true);
  if (error instanceof InPageError) assert<Equal<typeof error.name, string>>(true);

  createRuntime({ model: 'auto', fallback: 'ask', cloud: { apiKey: 'sk-…' }, onFallback: async (r) => r.host === 'api.openai.com' });
  // A key the user enters later: asked for each time a request goes to the endpoint.
  createRuntime({ fallback: 'ask', cloud: { apiKey: async () => undefined } });
  // @ts-expect-error the key is a string or a function that gives one
  createRuntime({ cloud: { apiKey: 42 } });
}
