/** What every engine that runs in the worker gives its row in WORKER_ENGINES (see index.ts). */
import type { CachedModel, ChatEngine, LoadProgress, ModelSpec } from '../../shared/engine.ts';
import type { Embedder } from '../documents/embedder.ts';
import type { StoredFileSummary } from '../store/model-store.ts';

export interface Transfer {
  signal: AbortSignal;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
}

export interface WorkerEngine<S> {
  /** Makes its chat engine (once a worker); null for an engine that only embeds. */
  chat: S extends ModelSpec ? () => ChatEngine<S> : null;
  /** Makes its embedder (once a worker), an instance apart from the chat engine's, so indexing never unloads the chat model. */
  embedder: (() => Embedder) | null;
  /** Fetches what `spec` needs into this browser without loading it; resolves with the bytes fetched (0 if all was stored). */
  download(spec: S, transfer: Transfer): Promise<number>;
  /** Fetches what a stored `spec` is missing or has wrong. */
  repair(spec: S, transfer: Transfer): Promise<number>;
  /** Its entries in this browser's storage; `files` is the chunked store's listing, read once for every engine. */
  stored(files: readonly StoredFileSummary[]): Promise<CachedModel[]>;
  /** The spec a storage key of its own belongs to, when the catalog does not know it (a model by address, as remembered). */
  specOfKey(key: string, files: readonly StoredFileSummary[]): Promise<S | null>;
  /** Deletes the files stored under `key` (an entry of its own). */
  delete(key: string, files: readonly StoredFileSummary[]): Promise<void>;
  /** Deletes all it stores. */
  clear(): Promise<void>;
}
