/** The library's public types: OpenAI's Chat Completions shapes as the runtime honours them, its options and events. */

import type { ReplyFigures } from '../runtime/page/compare/figures.ts';
import type { DocumentRecord, Passage } from '../runtime/shared/documents/types.ts';
import type {
  CachedModel,
  ChatCompletion,
  ChatCompletionChunk,
  ChatEngineKind,
  ChatRequest,
  LlamaTuning,
  LoadedModel,
  LoadProgress,
  ModelSpec,
  RequestMessage,
} from '../runtime/shared/engine.ts';
import type { IndexProgress } from '../runtime/shared/protocol.ts';
import type { WasmBuildChoice } from '../runtime/shared/wasm/wasm-choice.ts';

export type {
  AssistantReply,
  CachedModel,
  ChatCompletion,
  ChatCompletionChunk,
  ChatMessage,
  LlamaTuning,
  LoadedModel,
  LoadProgress,
  ModelSpec,
  RequestMessage,
  ResponseFormat,
  Tool,
  ToolCall,
  ToolCallDelta,
  ToolChoice,
} from '../runtime/shared/engine.ts';
export type { ReplyFigures };

/** OpenAI's request, as far as a model in the page can honour it. `model` is accepted and ignored: the runtime has one. */
export interface ChatCompletionCreateParams extends ChatRequest {
  model?: string | undefined;
  stream?: boolean | undefined;
  stream_options?: { include_usage?: boolean | undefined } | undefined;
}

/** OpenAI's `embeddings.create` request: one text or several; vectors come back as floats. */
export interface EmbeddingCreateParams {
  input: string | string[];
  /** Accepted and ignored: a runtime has one embedding model (the `embeddingModel` option). */
  model?: string | undefined;
  encoding_format?: 'float' | undefined;
}

export interface CreateEmbeddingResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export type { DocumentRecord, Passage } from '../runtime/shared/documents/types.ts';
export type { IndexProgress } from '../runtime/shared/protocol.ts';

/** A file to index: a File (text, Markdown, HTML or PDF), or plain text with a name. */
export type DocumentInput = File | { name: string; text: string };

/** The page's own documents, indexed in this browser (see `runtime.documents`). */
export interface Documents {
  /** Reads, embeds and stores a document whole; a file that cannot be read is a DocumentError naming why. */
  add(
    input: DocumentInput,
    options?: { signal?: AbortSignal | undefined; onProgress?: ((progress: IndexProgress) => void) | undefined },
  ): Promise<DocumentRecord>;
  list(): Promise<DocumentRecord[]>;
  /** The `k` passages nearest to `query` (6 by default), best first, from `documents` (by id) or all of them. */
  search(query: string, options?: { k?: number; documents?: readonly string[]; signal?: AbortSignal | undefined }): Promise<Passage[]>;
  /** Deletes a document with its chunks and vectors. */
  delete(id: string): Promise<void>;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /**
   * The conversation this request belongs to: a yes to sending it to the cloud (through onFallback)
   * stands for its later requests, as in the app. Without one, each request is asked about.
   */
  conversation?: string | undefined;
  /**
   * This request's model instead of the runtime's ("auto", a catalog id, a model's address, or "cloud"). One
   * model is in memory at a time: another one unloads it. For embeddings.create, an embedding model.
   */
  model?: string | undefined;
}

/** Who answered a reply: this device's engine, or the cloud (`fallback`: because this device could not). */
export interface ReplySource {
  engine: ChatEngineKind;
  fallback: boolean;
  /** The cloud endpoint's host, when the cloud answered. */
  host?: string | undefined;
}

/** A completion as the library gives it: OpenAI's, plus who answered. */
export interface RuntimeChatCompletion extends ChatCompletion {
  source: ReplySource;
}

/** What `create({ stream: true })` resolves to: chunks for `for await`, and the controller that stops them. */
export interface ChatCompletionStream extends AsyncIterable<ChatCompletionChunk> {
  controller: AbortController;
  /** The whole completion once the stream ends (as OpenAI's SDK names it), with its timings and source. */
  finalChatCompletion(): Promise<RuntimeChatCompletion>;
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
  messages: RequestMessage[];
  host: string;
  model: string;
  reason: string;
  /** Why the cloud is asked: the local model could not run, or `compare()` wants both answers. */
  purpose: 'fallback' | 'compare';
}

/** One side of `compare()`: the completion and its figures, or why there is none. */
export type ComparedReply = { ok: true; completion: ChatCompletion; figures: ReplyFigures } | { ok: false; error: Error };

/** Both sides of `compare()`. Each settles on its own: a cloud failure (or a "no") leaves the local reply. */
export interface Comparison {
  local: ComparedReply;
  cloud: ComparedReply;
}

export interface CompareOptions extends RequestOptions {
  /** Each side's stream, as it is written. */
  local?: { onChunk?: ((chunk: ChatCompletionChunk) => void) | undefined } | undefined;
  cloud?: { onChunk?: ((chunk: ChatCompletionChunk) => void) | undefined } | undefined;
}

export interface RuntimeOptions {
  /**
   * "auto" (the device-aware choice), a catalog id, the address of a GGUF file or an MLC model, or
   * "cloud": every request goes to the `cloud` endpoint (the caller asked for it, so it is not a fallback).
   */
  model?: string | undefined;
  /** With an MLC model by address: its compiled library (.wasm). */
  modelLib?: string | undefined;
  /** With a GGUF vision model by address: its multimodal projector (mmproj .gguf); the model then takes pictures. */
  mmproj?: string | undefined;
  /**
   * For `embeddings.create` and documents: an embedding model's id (`bge-small-en-v1.5-int8-onnx`, the default, on
   * ONNX Runtime; `bge-small-en-v1.5-f32-gguf` or `-q8_0-gguf` on llama.cpp; `snowflake-arctic-embed-s-q0f32-MLC-b4`
   * or `-m-` on web-llm), or a file's address: an ONNX model's .onnx (its tokenizer.json above an `onnx/` folder or
   * beside the file; `#pooling=mean` for a mean-pooled model) or a GGUF file.
   */
  embeddingModel?: string | undefined;
  /** Where the model goes when the local one cannot run: never (default), always, or ask (through onFallback). */
  fallback?: 'never' | 'always' | 'ask' | undefined;
  cloud?: CloudOptions | undefined;
  /** Called with what would be sent before anything goes to the cloud under `fallback: "ask"`; resolve true to send. */
  onFallback?: ((request: FallbackRequest) => Promise<boolean>) | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
  /** `cpu` keeps llama.cpp off the GPU. */
  device?: 'auto' | 'cpu' | undefined;
  /**
   * CPU threads for llama.cpp and ONNX Runtime, chat and embeddings alike (where the page is cross-origin isolated);
   * half the logical cores by default. ONNX Runtime takes the count it is first started with.
   */
  threads?: number | undefined;
  /** llama.cpp's knobs (flash_attn, cache_type, n_batch, n_ubatch); left out, what the bench found best. */
  llama?: LlamaTuning | undefined;
  /**
   * llama.cpp's WebAssembly build: "auto" (default) runs the fast build where the browser has JSPI and
   * Memory64 and the compat build elsewhere; "default" or "compat" forces one (for tests and comparisons).
   */
  wasm?: WasmBuildChoice | undefined;
}

/**
 * Whether the runtime's model can answer: `available` (loaded, or stored here whole), `downloadable`,
 * `downloading` (being loaded now) or `unavailable` (a model the options cannot name, or `"cloud"` with no cloud).
 * The names are the browser Prompt API's, which the AI SDK's in-browser providers use too.
 */
export type Availability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface ModelInfo {
  id: string;
  name: string;
  engine: ModelSpec['engine'];
  bytes: number | null;
  /** Stored in this browser: whole, in part, or not at all. */
  stored: 'complete' | 'partial' | 'none';
  /** Takes pictures (image_url parts): a GGUF model with its projector. No catalog model does yet. */
  vision: boolean;
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
      create(params: ChatCompletionCreateParams & { stream?: false | undefined }, options?: RequestOptions): Promise<RuntimeChatCompletion>;
      create(params: ChatCompletionCreateParams, options?: RequestOptions): Promise<RuntimeChatCompletion | ChatCompletionStream>;
    };
  };
  /**
   * The same request to this device's model and to the cloud, side by side. The cloud is asked first
   * through onFallback (purpose "compare"), as `fallback: "ask"` asks; without a yes nothing is sent.
   */
  compare(params: ChatCompletionCreateParams, options?: CompareOptions): Promise<Comparison>;
  /** Vectors on this device, L2-normalized, from the `embeddingModel` option's model (downloaded the first time). */
  embeddings: { create(params: EmbeddingCreateParams, options?: RequestOptions): Promise<CreateEmbeddingResponse> };
  /** A private index of the page's documents, embedded and searched on this device. */
  documents: Documents;
  /** Loads the model now (it also loads on the first request); `model` loads another instead. */
  load(options?: Pick<RequestOptions, 'signal' | 'model'>): Promise<LoadedModel>;
  /** Whether the model (or `model`) answers here now, after a download, or not at all; loads and downloads nothing. */
  availability(options?: Pick<RequestOptions, 'model'>): Promise<Availability>;
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
