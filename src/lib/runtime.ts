/**
 * createRuntime(): InPage as a library. The model runs in this page (web-llm on WebGPU, llama.cpp on
 * the CPU) behind the request and response shapes of OpenAI's Chat Completions, so code written for
 * the OpenAI SDK runs unchanged. The cloud is used only when configured, and only as the options say.
 */
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url&no-inline';
import { WorkerBridge } from '../runtime/bridge.ts';
import { ALL_VARIANTS, CATALOG, downloadBytes, modelFromUrl } from '../runtime/catalog.ts';
import { CloudEngine } from '../runtime/cloud/cloud-engine.ts';
import { normalizeEndpoint } from '../runtime/cloud/endpoint.ts';
import type {
  CachedModel,
  ChatCompletion,
  ChatCompletionChunk,
  ChatMessage,
  ChatRequest,
  CloudModelSpec,
  LoadedModel,
  LoadProgress,
  ModelSpec,
} from '../runtime/engine.ts';
import { AbortError, cannotRunLocally, InvalidRequestError } from '../runtime/errors.ts';
import { chooseModel } from '../runtime/probe.ts';

export type { CachedModel, ChatCompletion, ChatCompletionChunk, ChatMessage, LoadedModel, LoadProgress, ModelSpec };

/** OpenAI's request, as far as a model in the page can honour it. `model` is accepted and ignored: the runtime has one. */
export interface ChatCompletionCreateParams extends ChatRequest {
  model?: string | undefined;
  stream?: boolean | undefined;
  stream_options?: { include_usage?: boolean | undefined } | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

/** What `create({ stream: true })` resolves to: chunks for `for await`, and the controller that stops them. */
export interface ChatCompletionStream extends AsyncIterable<ChatCompletionChunk> {
  controller: AbortController;
}

export interface CloudOptions {
  /** An OpenAI-compatible base URL; OpenAI's by default. The key is sent only there. */
  baseURL?: string | undefined;
  /**
   * The key for that endpoint, or a function asked for it each time a request is sent there (so a key the
   * user enters later is used); leave it out for a server that needs none.
   */
  apiKey?: string | (() => string | undefined | Promise<string | undefined>) | undefined;
  model?: string | undefined;
}

export interface FallbackRequest {
  messages: ChatMessage[];
  host: string;
  model: string;
  reason: string;
}

export interface RuntimeOptions {
  /**
   * "auto" (the device-aware choice), a catalog id, the address of a GGUF file or an MLC model, or
   * "cloud": every request goes to the `cloud` endpoint (the caller asked for it, so it is not a fallback).
   */
  model?: string | undefined;
  /** With an MLC model by address: its compiled library (.wasm). */
  modelLib?: string | undefined;
  /** Where the model goes when the local one cannot run: never (default), always, or ask (through onFallback). */
  fallback?: 'never' | 'always' | 'ask' | undefined;
  cloud?: CloudOptions | undefined;
  /** Called with what would be sent before anything goes to the cloud under `fallback: "ask"`; resolve true to send. */
  onFallback?: ((request: FallbackRequest) => Promise<boolean>) | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
  /** `cpu` keeps llama.cpp off the GPU. */
  device?: 'auto' | 'cpu' | undefined;
  threads?: number | undefined;
}

export interface ModelInfo {
  id: string;
  name: string;
  engine: ModelSpec['engine'];
  bytes: number | null;
  /** Stored in this browser: whole, in part, or not at all. */
  stored: 'complete' | 'partial' | 'none';
}

export interface RuntimeEvents {
  progress: LoadProgress;
  ready: LoadedModel;
  error: Error;
  /** A reply is being answered by the cloud instead of this device. */
  fallback: { host: string; model: string; reason: string };
}

type Listener<K extends keyof RuntimeEvents> = (value: RuntimeEvents[K]) => void;

export interface Runtime {
  chat: {
    completions: {
      create(params: ChatCompletionCreateParams & { stream: true }, options?: RequestOptions): Promise<ChatCompletionStream>;
      create(params: ChatCompletionCreateParams & { stream?: false | undefined }, options?: RequestOptions): Promise<ChatCompletion>;
      create(params: ChatCompletionCreateParams, options?: RequestOptions): Promise<ChatCompletion | ChatCompletionStream>;
    };
  };
  /** Loads the model now (it also loads on the first request). */
  load(options?: RequestOptions): Promise<LoadedModel>;
  unload(): Promise<void>;
  /** Stops the reply being generated; it resolves with what was written, finish_reason "abort". */
  interrupt(): Promise<void>;
  /** The catalog, and what of each model is stored in this browser. */
  models(): Promise<ModelInfo[]>;
  storage: {
    list(): Promise<CachedModel[]>;
    usage(): Promise<{ usage: number; quota: number | null; persisted: boolean }>;
    delete(key: string): Promise<void>;
    persist(): Promise<boolean>;
  };
  on<K extends keyof RuntimeEvents>(event: K, listener: Listener<K>): () => void;
  /** Stops the engine worker and frees the model; the runtime cannot be used afterwards. */
  dispose(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const listeners = new Map<keyof RuntimeEvents, Set<(value: never) => void>>();
  const emit = <K extends keyof RuntimeEvents>(event: K, value: RuntimeEvents[K]) => {
    for (const listener of listeners.get(event) ?? []) (listener as Listener<K>)(value);
  };
  // The WebAssembly is located from this module, so a consumer's bundler that copies it also fixes its address.
  const bridge = new WorkerBridge({ onExit: (error) => emit('error', error), wasmUrl });
  const cloudSpec: CloudModelSpec | null = options.cloud
    ? {
        engine: 'cloud',
        id: options.cloud.model ?? 'gpt-4o-mini',
        name: options.cloud.model ?? 'gpt-4o-mini',
        url: normalizeEndpoint(options.cloud.baseURL ?? 'https://api.openai.com/v1'),
      }
    : null;
  const cloud = cloudSpec
    ? new CloudEngine({
        keyFor: async (endpoint) => {
          if (endpoint !== cloudSpec.url) return undefined;
          const key = options.cloud?.apiKey;
          return typeof key === 'function' ? key() : key;
        },
      })
    : null;
  let loaded: Promise<LoadedModel> | null = null;
  let disposed = false;

  async function resolveModel(): Promise<ModelSpec> {
    const wanted = options.model ?? 'auto';
    if (wanted === 'auto') return chooseModel(await bridge.probe()).model;
    const known = ALL_VARIANTS.find((v) => v.id === wanted);
    if (known) return known;
    return modelFromUrl(wanted, typeof location === 'undefined' ? undefined : location.href, options.modelLib ?? null);
  }

  function load({ signal }: RequestOptions = {}): Promise<LoadedModel> {
    if (disposed) return Promise.reject(new InvalidRequestError('This runtime was disposed; create another.'));
    if (options.model === 'cloud') return Promise.reject(new InvalidRequestError('A cloud runtime has nothing to load on this device.'));
    loaded ??= (async () => {
      const model = await resolveModel();
      const result = await bridge.load(model, {
        signal,
        device: options.device,
        threads: options.threads,
        onProgress: (progress) => {
          options.onProgress?.(progress);
          emit('progress', progress);
        },
      });
      emit('ready', result);
      return result;
    })();
    loaded.catch((error: unknown) => {
      loaded = null; // the next request tries again
      emit('error', error as Error);
    });
    return loaded;
  }

  /** Asks onFallback, but a request stopped while the question is open ends at once, not when it is answered. */
  function ask(question: FallbackRequest, signal: AbortSignal | undefined): Promise<boolean> {
    const answer = Promise.resolve(options.onFallback?.(question) ?? false);
    if (!signal) return answer;
    return new Promise((resolve, reject) => {
      const stop = () => reject(new AbortError('Stopped before the cloud was asked.'));
      signal.addEventListener('abort', stop, { once: true });
      answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
    });
  }

  /** Runs `request` on this device, or, when it cannot run here and the options allow, in the cloud. */
  async function run(
    request: ChatRequest,
    onChunk: (chunk: ChatCompletionChunk) => void,
    signal: AbortSignal | undefined,
  ): Promise<ChatCompletion> {
    try {
      await load({ signal });
      return await bridge.chat(request, { onChunk, signal });
    } catch (error) {
      const cannotRun = cannotRunLocally(error);
      const policy = options.fallback ?? 'never';
      if (!cannotRun || policy === 'never' || !cloud || !cloudSpec || signal?.aborted) throw error;
      const reason = (error as Error).message;
      const host = new URL(cloudSpec.url).host;
      if (policy === 'ask' && !(await ask({ messages: request.messages, host, model: cloudSpec.id, reason }, signal))) throw error;
      emit('fallback', { host, model: cloudSpec.id, reason });
      await cloud.load(cloudSpec);
      return cloud.chat(request, { onChunk, signal });
    }
  }

  function stream(request: ChatRequest, outer: AbortSignal | undefined): ChatCompletionStream {
    const controller = new AbortController();
    outer?.addEventListener('abort', () => controller.abort(), { once: true });
    const queue: ChatCompletionChunk[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    let failure: unknown = null;
    let streamed = '';
    const push = (chunk: ChatCompletionChunk) => {
      queue.push(chunk);
      wake?.();
    };
    void run(
      request,
      (chunk) => {
        if (finished) return; // chunks travel apart from the result; one arriving after it is already in it
        streamed += chunk.choices[0].delta.content ?? '';
        push(chunk);
      },
      controller.signal,
    ).then(
      (result) => {
        const choice = result.choices[0];
        // What the result has that no chunk brought (chunks and the result travel separately) comes last.
        const rest = choice.message.content.startsWith(streamed) ? choice.message.content.slice(streamed.length) : '';
        const base = { id: result.id, object: 'chat.completion.chunk' as const, created: result.created, model: result.model };
        if (rest) push({ ...base, choices: [{ index: 0, delta: { content: rest }, finish_reason: null }] });
        push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: choice.finish_reason }], usage: result.usage });
        finished = true;
        wake?.();
      },
      (error: unknown) => {
        failure = error;
        finished = true;
        wake?.();
      },
    );
    return {
      controller,
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          if (finished) {
            if (failure) throw failure;
            return;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
        }
      },
    };
  }

  async function create(
    params: ChatCompletionCreateParams,
    requestOptions: RequestOptions = {},
  ): Promise<ChatCompletion | ChatCompletionStream> {
    const { messages, temperature, top_p, max_tokens, stop, seed } = params;
    const request: ChatRequest = { messages };
    // Only what was given: exactOptionalPropertyTypes keeps "absent" and "undefined" apart.
    if (temperature !== undefined) request.temperature = temperature;
    if (top_p !== undefined) request.top_p = top_p;
    if (max_tokens !== undefined) request.max_tokens = max_tokens;
    if (stop !== undefined) request.stop = stop;
    if (seed !== undefined) request.seed = seed;
    if (params.cache_prompt !== undefined) request.cache_prompt = params.cache_prompt;
    if (params.stream) return stream(request, requestOptions.signal);
    return run(request, () => {}, requestOptions.signal);
  }

  return {
    chat: { completions: { create: create as Runtime['chat']['completions']['create'] } },
    load,
    async unload() {
      loaded = null;
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
        if (await bridge.deleteCachedModel(key)) loaded = null;
      },
      persist: async () => (await navigator.storage?.persist?.()) ?? false,
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (value: never) => void);
      return () => set.delete(listener as (value: never) => void);
    },
    async dispose() {
      disposed = true;
      loaded = null;
      await bridge.unload().catch(() => {});
      bridge.terminate();
    },
  };
}
