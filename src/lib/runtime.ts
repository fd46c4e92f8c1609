/**
 * createRuntime(): InPage as a library. The model runs in this page (web-llm on WebGPU, llama.cpp on
 * the CPU) behind the request and response shapes of OpenAI's Chat Completions, so code written for
 * the OpenAI SDK runs unchanged. The cloud is used only when configured, and only as the options say.
 * Each concern has its module: local.ts (this device), cloud.ts (fallback), compare.ts, embeddings.ts, documents.ts, stream.ts, events.ts.
 */
import { CATALOG, downloadBytes } from '../runtime/catalog.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, EngineKind } from '../runtime/engine.ts';
import wasmFiles from '../runtime/wasm-url.ts';
import { createCloud } from './cloud.ts';
import { side } from './compare.ts';
import { createDocuments } from './documents.ts';
import { createEmbeddings } from './embeddings.ts';
import { createEvents } from './events.ts';
import { createLocal } from './local.ts';
import { streamOf } from './stream.ts';
import type { ChatCompletionCreateParams, ChatCompletionStream, ModelInfo, RequestOptions, Runtime, RuntimeOptions } from './types.ts';

export type * from './types.ts';

/** The engine's request from OpenAI's: only what was given (exactOptionalPropertyTypes keeps "absent" and "undefined" apart). */
function requestOf(params: ChatCompletionCreateParams): ChatRequest {
  const request: ChatRequest = { messages: params.messages };
  for (const key of FIELDS) if (params[key] !== undefined) Object.assign(request, { [key]: params[key] });
  return request;
}

/** What the engines take from a request (`model`, `stream` and `stream_options` are the library's). */
const FIELDS = [
  'temperature',
  'top_p',
  'max_tokens',
  'stop',
  'seed',
  'cache_prompt',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
] as const satisfies readonly Exclude<keyof ChatRequest, 'messages'>[];

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const events = createEvents();
  const local = createLocal(options, events, wasmFiles);
  const cloud = createCloud(options, events);
  const { bridge } = local;

  /** Runs `request` on this device, or, when it cannot run here and the options allow, in the cloud. */
  async function run(
    request: ChatRequest,
    onChunk: (chunk: ChatCompletionChunk) => void,
    signal: AbortSignal | undefined,
  ): Promise<ChatCompletion> {
    if (options.model === 'cloud') return cloud.answer(request, onChunk, signal);
    try {
      return await local.chat(request, onChunk, signal);
    } catch (error) {
      return cloud.fallBack(error, request, onChunk, signal);
    }
  }

  async function create(
    params: ChatCompletionCreateParams,
    requestOptions: RequestOptions = {},
  ): Promise<ChatCompletion | ChatCompletionStream> {
    const request = requestOf(params);
    if (params.stream) return streamOf((onChunk, signal) => run(request, onChunk, signal), requestOptions.signal);
    return run(request, () => {}, requestOptions.signal);
  }

  const compare: Runtime['compare'] = async (params, { signal, local: mine, cloud: theirs } = {}) => {
    const request = requestOf(params);
    let engine: EngineKind = 'llama.cpp';
    const here = async (onChunk: (chunk: ChatCompletionChunk) => void) => {
      engine = (await local.load({ signal })).engine;
      return local.chat(request, onChunk, signal);
    };
    const [onDevice, inCloud] = await Promise.all([
      side(here, (c) => ({ engine, model: c.model }), mine?.onChunk),
      side(
        (onChunk) => cloud.compare(request, onChunk, signal),
        (c) => ({ engine: 'cloud', model: cloud.model ?? c.model }),
        theirs?.onChunk,
      ),
    ]);
    return { local: onDevice, cloud: inCloud };
  };

  return {
    chat: { completions: { create: create as Runtime['chat']['completions']['create'] } },
    compare,
    embeddings: createEmbeddings(options, bridge),
    documents: createDocuments(options, bridge),
    load: local.load,
    async unload() {
      local.forget();
      await bridge.unload();
    },
    interrupt: () => bridge.interrupt(),
    async models() {
      const stored = await bridge.cachedModels();
      return CATALOG.flatMap((family) =>
        family.variants.map((v): ModelInfo => {
          const files = stored.find((c) => c.models.includes(v.id) || c.key === v.url);
          return {
            id: v.id,
            name: v.name,
            engine: v.engine,
            bytes: downloadBytes(v) ?? null,
            stored: files ? (files.complete ? 'complete' : 'partial') : 'none',
          };
        }),
      );
    },
    storage: {
      list: () => bridge.cachedModels(),
      async usage() {
        const { usage = 0, quota } = (await navigator.storage?.estimate?.()) ?? {};
        return { usage, quota: quota ?? null, persisted: (await navigator.storage?.persisted?.()) ?? false };
      },
      async delete(key) {
        if (await bridge.deleteCachedModel(key)) local.forget();
      },
      persist: async () => (await navigator.storage?.persist?.()) ?? false,
    },
    on: events.on,
    async dispose() {
      local.dispose();
      await bridge.unload().catch(() => {});
      bridge.terminate();
    },
  };
}
