/**
 * Type checks of the public API, in the spirit of comlink's tests/type-checks.ts: `tsc -b` fails if a
 * shape drifts. Nothing here runs.
 */

import type OpenAI from 'openai';
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionStream,
  createRuntime,
  InPageError,
  ModelNotFoundError,
  type Runtime,
  type RuntimeChatCompletion,
} from '../../src/lib/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(_: T) => {};

declare const runtime: Runtime;
const messages = [{ role: 'user' as const, content: 'hi' }];

export async function checks() {
  // The overloads: no stream → a ChatCompletion (and who answered it); stream: true → an async iterable of chunks.
  const completion = await runtime.chat.completions.create({ messages });
  assert<Equal<typeof completion, RuntimeChatCompletion>>(true);
  const plain: ChatCompletion = completion;
  assert<Equal<typeof completion.source.engine, 'web-llm' | 'llama.cpp' | 'cloud'>>(true);
  const stream = await runtime.chat.completions.create({ messages, stream: true });
  assert<Equal<typeof stream, ChatCompletionStream>>(true);
  for await (const chunk of stream) assert<Equal<typeof chunk, ChatCompletionChunk>>(true);
  assert<Equal<Awaited<ReturnType<typeof stream.finalChatCompletion>>, RuntimeChatCompletion>>(true);
  stream.controller.abort();
  assert<Equal<Awaited<ReturnType<Runtime['availability']>>, 'unavailable' | 'downloadable' | 'downloading' | 'available'>>(true);
  void plain;

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

  // Structured output and tools take values shaped as OpenAI's SDK types them, and give back what the SDK's callers read.
  const format = {
    type: 'json_schema',
    json_schema: { name: 'pick', schema: { type: 'object', properties: { n: { type: 'integer' } } }, strict: true },
  } satisfies OpenAI.ResponseFormatJSONSchema;
  const tool = {
    type: 'function',
    function: { name: 'add', description: 'Adds', parameters: { type: 'object', properties: { a: { type: 'number' } } }, strict: true },
  } satisfies OpenAI.ChatCompletionFunctionTool;
  const choice = { type: 'function', function: { name: 'add' } } satisfies OpenAI.ChatCompletionNamedToolChoice;
  const called = await runtime.chat.completions.create({ messages, tools: [tool], tool_choice: choice, parallel_tool_calls: false });
  await runtime.chat.completions.create({ messages, response_format: format });
  await runtime.chat.completions.create({ messages, response_format: { type: 'json_object' } satisfies OpenAI.ResponseFormatJSONObject });
  for (const c of ['auto', 'none', 'required'] satisfies OpenAI.ChatCompletionToolChoiceOption[])
    await runtime.chat.completions.create({ messages, tools: [tool], tool_choice: c });
  const reply = called.choices[0].message;
  assert<Equal<typeof reply.content, string | null>>(true);
  const finish = called.choices[0].finish_reason;
  assert<Equal<typeof finish, 'stop' | 'length' | 'tool_calls' | 'abort'>>(true);
  const call = reply.tool_calls?.[0];
  if (call) {
    const sdkCall: OpenAI.ChatCompletionMessageFunctionToolCall = call;
    const loop = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: null, tool_calls: [sdkCall] },
      { role: 'tool', tool_call_id: sdkCall.id, content: '5' },
    ] satisfies OpenAI.ChatCompletionMessageParam[];
    await runtime.chat.completions.create({ messages: [...loop, reply], tools: [tool] });
  }
  for await (const chunk of await runtime.chat.completions.create({ messages, tools: [tool], stream: true })) {
    const delta = chunk.choices[0].delta.tool_calls?.[0];
    if (delta) assert<Equal<typeof delta.function, { name?: string | undefined; arguments?: string | undefined } | undefined>>(true);
  }
  // @ts-expect-error a tool is {type: "function", function}
  await runtime.chat.completions.create({ messages, tools: [{ name: 'add' }] });
  // @ts-expect-error response_format has no type "yaml"
  await runtime.chat.completions.create({ messages, response_format: { type: 'yaml' } });

  // Pictures as OpenAI's SDK writes them, for a vision model given with its projector; models() says which see.
  const seeing = createRuntime({ model: 'https://example.org/model.gguf', mmproj: 'https://example.org/mmproj.gguf' });
  const picture = {
    role: 'user',
    content: [
      { type: 'text', text: 'What colour?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,', detail: 'low' } },
    ],
  } satisfies OpenAI.ChatCompletionUserMessageParam;
  await seeing.chat.completions.create({ messages: [picture] });
  assert<Equal<Awaited<ReturnType<typeof seeing.models>>[number]['vision'], boolean>>(true);
  // @ts-expect-error a picture is image_url: {url}
  await seeing.chat.completions.create({ messages: [{ role: 'user', content: [{ type: 'image_url', url: 'x' }] }] });

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

  // Embeddings in OpenAI's shape, and documents indexed on this device.
  const embedded = await runtime.embeddings.create({ input: ['a', 'b'] });
  assert<Equal<(typeof embedded.data)[number]['embedding'], number[]>>(true);
  // @ts-expect-error input is text
  await runtime.embeddings.create({ input: [1, 2] });
  const added = await runtime.documents.add({ name: 'notes.txt', text: 'hello' });
  const found = await runtime.documents.search('hello', { k: 3, documents: [added.id] });
  assert<Equal<(typeof found)[number]['page'], number | undefined>>(true);
  // @ts-expect-error a document is a File or { name, text }
  await runtime.documents.add('hello');
}
