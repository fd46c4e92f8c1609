/**
 * The worker's protocol: every type that crosses the boundary, and the API the worker exposes. The page
 * (bridge.ts, the library) imports these, never a module of worker/; the worker's api object satisfies
 * `WorkerApi`. Values cross as plain data; errors through error-transfer.ts; streamed replies counted
 * by ordered-stream.ts. Callbacks are comlink proxies.
 */

import type { DeviceProbe } from './device/probe.ts';
import type { ChunkText, DocumentRecord, Passage } from './documents/types.ts';
import type {
  CachedModel,
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  EmbeddingModelSpec,
  EnginePreferences,
  LoadedModel,
  LoadProgress,
  ModelSpec,
  WorkerEvent,
} from './engine.ts';
import type { Counted } from './ordered-stream.ts';
import type { WasmConfig } from './wasm/wasm-choice.ts';

export type { CachedModel, ChunkText, DeviceProbe, DocumentRecord, LoadedModel, LoadProgress, ModelSpec, Passage, WorkerEvent };

/** Vectors from an embedding model, L2-normalized. */
export interface Embedded {
  vectors: Float32Array[];
  promptTokens: number;
  /** The most tokens one text may have. */
  contextLength: number;
}

export type IndexProgress = { phase: 'model'; progress: LoadProgress } | { phase: 'embed'; done: number; total: number };
export type NewDocument = Omit<DocumentRecord, 'chunks' | 'embeddingModel' | 'dims'>;

type Callback<T> = (value: T) => void;

/** What the worker does for the page. Operations with an `id` can be cancelled by it. */
export interface WorkerApi {
  /** Resolves with the worker's build once its liveness lock is held. */
  ready(): Promise<string>;
  probe(): Promise<DeviceProbe>;
  load(
    id: string,
    model: ModelSpec,
    preferences: EnginePreferences & { takeOver?: boolean | undefined },
    onProgress?: Callback<LoadProgress>,
  ): Promise<LoadedModel>;
  download(id: string, model: ModelSpec, onProgress?: Callback<LoadProgress>): Promise<number>;
  repair(id: string, key: string, onProgress?: Callback<LoadProgress>): Promise<number>;
  chat(id: string, request: ChatRequest, onChunk?: Callback<ChatCompletionChunk>): Promise<Counted<ChatCompletion>>;
  embed(id: string, model: EmbeddingModelSpec, texts: string[], onProgress?: Callback<LoadProgress>): Promise<Embedded>;
  indexDocument(
    id: string,
    model: EmbeddingModelSpec,
    document: NewDocument,
    chunks: ChunkText[],
    onProgress?: Callback<IndexProgress>,
  ): Promise<DocumentRecord>;
  searchDocuments(id: string, model: EmbeddingModelSpec, documentIds: string[], query: string, k: number): Promise<Passage[]>;
  deleteDocument(documentId: string): Promise<void>;
  configure(config: WasmConfig): void;
  watch(callback: Callback<WorkerEvent>): void;
  cancel(id: string): void;
  interrupt(): Promise<void>;
  unload(): Promise<void>;
  cachedModels(): Promise<CachedModel[]>;
  deleteCachedModel(key: string): Promise<boolean>;
  deleteAllCachedModels(): Promise<boolean>;
}
