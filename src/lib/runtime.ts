/**
 * createRuntime(): InPage as a library. The model runs in this page (web-llm on WebGPU, llama.cpp on
 * the CPU) behind the request and response shapes of OpenAI's Chat Completions, so code written for
 * the OpenAI SDK runs unchanged. The cloud is used only when configured, and only as the options say.
 * It is a face of the session (runtime/session), which the app drives too: local.ts (this device),
 * cloud.ts (fallback), embeddings.ts, documents.ts, stream.ts and events.ts put it in OpenAI's shapes.
 */

import { side } from '../runtime/page/session/compare.ts';
import { createSession } from '../runtime/page/session/index.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, EngineKind } from '../runtime/shared/engine.ts';
import { CATALOG, downloadBytes, seesPictures } from '../runtime/shared/models/catalog.ts';
import { isWasmChoice } from '../runtime/shared/wasm/wasm-choice.ts';
import wasmFiles from '../runtime/shared/wasm/wasm-url.ts';
import { cloudOptionsOf, createCloud } from './cloud.ts';
import { createDocuments } from './documents.ts';
import { createEmbeddings, embeddingModelOf } from './embeddings.ts';
import { createEvents } from './events.ts';
import { createLocal } from './local.ts';
import { streamOf } from './stream.ts';
import type {
  ChatCompletionCreateParams,
  ChatCompletionStream,
  ModelInfo,
  RequestOptions,
  Runtime,
  RuntimeChatCompletion,
  RuntimeOptions,
} from './types.ts';

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
  const session = createSession({
    // The WebAssembly is located by the caller's module, so a consumer's bundler that copies it also fixes its address.
    wasm: { wasmFiles, wasmBuild: isWasmChoice(options.wasm) ? options.wasm : 'auto', threads: options.threads },
    embeddingModel: () => embeddingModelOf(options),
    cloud: cloudOptionsOf(options),
    loader: {
      onProgress(_, progress) {
        options.onProgress?.(progress);
        events.emit('progress', progress);
      },
      onReady: (loaded) => events.emit('ready', loaded),
      onError: (_, error) => events.emit('error', error as Error),
    },
  });
  session.on('exit', (error) => events.emit('error', error));
  const local = createLocal(options, session, events);
  const cloud = createCloud(options, events, session.cloud);
  const { bridge } = session;

  /** Runs `request` on this device, or, when it cannot run here and the options allow, in the cloud. */
  async function run(
    request: ChatRequest,
    onChunk: (chunk: ChatCompletionChunk) => void,
    signal: AbortSignal | undefined,
  ): Promise<RuntimeChatCompletion> {
    const inCloud = (fallback: boolean) => ({ engine: 'cloud' as const, fallback, host: cloud.host });
    if (options.model === 'cloud') return { ...(await cloud.answer(request, onChunk, signal)), source: inCloud(false) };
    let reply: ChatCompletion;
    try {
      reply = await local.chat(request, onChunk, signal);
    } catch (error) {
      return { ...(await cloud.fallBack(error, request, onChunk, signal)), source: inCloud(true) };
    }
    return { ...reply, source: { engine: session.models.current?.engine ?? 'llama.cpp', fallback: false } };
  }

  async function create(
    params: ChatCompletionCreateParams,
    requestOptions: RequestOptions = {},
  ): Promise<RuntimeChatCompletion | ChatCompletionStream> {
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
    documents: createDocuments(session.documents),
    load: local.load,
    availability: local.availability,
    unload: () => session.unload(),
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
            vision: seesPictures(v),
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
        await session.deleteStored(key);
      },
      persist: async () => (await navigator.storage?.persist?.()) ?? false,
    },
    on: events.on,
    async dispose() {
      local.dispose();
      await session.dispose();
    },
  };
}
