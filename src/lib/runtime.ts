/**
 * createRuntime(): InPage as a library. The model runs in this page (web-llm on WebGPU, llama.cpp on
 * the CPU) behind the request and response shapes of OpenAI's Chat Completions, so code written for
 * the OpenAI SDK runs unchanged. It is a face of the session (runtime/page/session), which answers,
 * applies the cloud's policy and cleans pictures for every face; this file only puts it in OpenAI's shapes.
 */
import { type ChatAnswer, createSession, type ComparedReply as SessionSide } from '../runtime/index.ts';
import type { ChatRequest, ModelSpec } from '../runtime/shared/engine.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import { inEnglish } from '../runtime/shared/errors/said.ts';
import { isWasmChoice } from '../runtime/shared/wasm/wasm-choice.ts';
import wasmFiles from '../runtime/shared/wasm/wasm-url.ts';
import { cloudSetupOf } from './cloud.ts';
import { createDocuments } from './documents.ts';
import { createEmbeddings, embeddingModelOf } from './embeddings.ts';
import { createEvents } from './events.ts';
import { createModels } from './models.ts';
import { streamOf } from './stream.ts';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ComparedReply,
  RequestOptions,
  Runtime,
  RuntimeChatCompletion,
  RuntimeOptions,
} from './types.ts';

export type * from './types.ts';

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

/** The engine's request from OpenAI's: only what was given (exactOptionalPropertyTypes keeps "absent" and "undefined" apart). */
function requestOf(params: ChatCompletionCreateParams): ChatRequest {
  const request: ChatRequest = { messages: params.messages };
  for (const key of FIELDS) if (params[key] !== undefined) Object.assign(request, { [key]: params[key] });
  return request;
}

/** OpenAI's completion, and who answered it. */
const completionOf = ({ completion, source }: ChatAnswer): RuntimeChatCompletion => ({
  ...completion,
  source: { engine: source.engine, fallback: source.fallback, ...(source.host ? { host: source.host } : {}) },
});

/** The library's face, with what only the widget sets: whether a standing "always" counts (its visitor never set one). */
export function runtimeFor(options: RuntimeOptions, face: { standing?: boolean } = {}): Runtime {
  const events = createEvents();
  let disposed = false;
  const session = createSession({
    // The WebAssembly is located by the caller's module, so a consumer's bundler that copies it also fixes its address.
    wasm: { wasmFiles, wasmBuild: isWasmChoice(options.wasm) ? options.wasm : 'auto', threads: options.threads },
    embeddingModel: () => embeddingModelOf(options),
    cloud: cloudSetupOf(options, face),
    model: () => models.resolve(),
    preferences: () => ({ device: options.device, threads: options.threads, llama: options.llama }),
    loader: {
      onProgress(_, progress) {
        options.onProgress?.(progress);
        events.emit('progress', progress);
      },
      onReady: (loaded) => events.emit('ready', loaded),
      onError: (_, error) => events.emit('error', error as Error),
    },
  });
  const models = createModels(options, () => session.probe());
  session.on('exit', (error) => events.emit('error', error));
  session.on('fallback', (source) =>
    events.emit('fallback', { host: source.host ?? '', model: source.model, reason: source.reason ? inEnglish(source.reason) : '' }),
  );

  const alive = () => {
    if (disposed) throw new InvalidRequestError('This runtime was disposed; create another.');
  };
  /** The model a request (or the options) names; one the options cannot name is said like a failed load. */
  async function modelFor(id: string | undefined): Promise<ModelSpec> {
    alive();
    try {
      return await models.resolve(id);
    } catch (error) {
      events.emit('error', error as Error);
      throw error;
    }
  }
  const toCloud = (id: string | undefined) => (id ?? options.model) === 'cloud';
  /** What a request's options mean for the session: its model (or the cloud, as the developer chose), its conversation. */
  async function answerOptions({ signal, conversation, model }: RequestOptions) {
    if (toCloud(model)) return { signal, conversation, where: 'cloud' as const, chosenBy: 'developer' as const };
    return { signal, conversation, model: await modelFor(model) };
  }

  async function create(params: ChatCompletionCreateParams, requestOptions: RequestOptions = {}) {
    alive();
    const request = requestOf(params);
    const run = async (onChunk: (chunk: ChatCompletionChunk) => void, signal: AbortSignal | undefined) =>
      completionOf(await session.chat(request, { ...(await answerOptions({ ...requestOptions, signal })), onChunk }));
    if (params.stream) return streamOf(run, requestOptions.signal);
    return run(() => {}, requestOptions.signal);
  }

  const sideOf = (side: SessionSide): ComparedReply => (side.ok ? { ok: true, completion: side.completion, figures: side.figures } : side);

  return {
    chat: { completions: { create: create as Runtime['chat']['completions']['create'] } },
    async compare(params, { signal, conversation, model, local, cloud } = {}) {
      alive();
      const { local: here, cloud: there } = await session.compare(requestOf(params), {
        signal,
        conversation,
        // A cloud runtime's own side fails as that side, not the whole comparison.
        model: toCloud(model) ? undefined : await modelFor(model),
        local: { onChunk: local?.onChunk },
        cloud: { onChunk: cloud?.onChunk },
      });
      return { local: sideOf(here), cloud: sideOf(there) };
    },
    embeddings: createEmbeddings(options, session, alive),
    documents: createDocuments(session.documents),
    async load({ signal, model } = {}) {
      const spec = await modelFor(model);
      return session.models.load(spec, { signal, preferences: { device: options.device, threads: options.threads, llama: options.llama } });
    },
    async availability({ model } = {}) {
      if (disposed) return 'unavailable';
      if (toCloud(model)) return options.cloud ? 'available' : 'unavailable';
      let spec: ModelSpec;
      try {
        spec = await models.resolve(model);
      } catch {
        return 'unavailable';
      }
      if (session.models.current?.id === spec.id) return 'available';
      if (session.models.loading?.id === spec.id) return 'downloading';
      return models.availability(spec, await session.storage.list());
    },
    unload: () => session.unload(),
    interrupt: () => session.interrupt(),
    models: async () => models.catalog(await session.storage.list()),
    storage: {
      list: () => session.storage.list(),
      async usage() {
        const { usage = 0, quota } = (await navigator.storage?.estimate?.()) ?? {};
        return { usage, quota: quota ?? null, persisted: (await navigator.storage?.persisted?.()) ?? false };
      },
      async delete(key) {
        await session.storage.delete(key);
      },
      persist: async () => (await navigator.storage?.persist?.()) ?? false,
    },
    on: events.on,
    async dispose() {
      disposed = true;
      await session.dispose();
    },
  };
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return runtimeFor(options);
}
