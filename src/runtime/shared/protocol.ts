/**
 * Types that cross the worker boundary beside those of engine.ts. The API itself is the worker's own
 * object (`WorkerApi` in worker/index.ts). Values cross as plain data; errors through
 * errors/error-transfer.ts; reports counted by ordered-stream.ts. Callbacks are comlink proxies.
 */

import type { DocumentRecord } from './documents/types.ts';
import type { LoadProgress } from './engine.ts';

/** Vectors from an embedding model, L2-normalized. */
export interface Embedded {
  vectors: Float32Array[];
  promptTokens: number;
  /** The most tokens one text may have. */
  contextLength: number;
}

export type IndexProgress = { phase: 'model'; progress: LoadProgress } | { phase: 'embed'; done: number; total: number };
export type NewDocument = Omit<DocumentRecord, 'chunks' | 'embeddingModel' | 'dims'>;
