/** What the document index asks of an embedding model, on any engine. */
import type { EmbeddingModelSpec, LoadProgress } from '../../shared/engine.ts';
import type { Embedded } from '../../shared/protocol.ts';

export type { Embedded } from '../../shared/protocol.ts';

export interface Embedder {
  /** Loads `spec` (downloading it into this browser the first time) unless it is loaded. */
  load(
    spec: EmbeddingModelSpec,
    options?: { signal?: AbortSignal | undefined; onProgress?: ((p: LoadProgress) => void) | undefined },
  ): Promise<unknown>;
  /** One L2-normalized vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Embedded>;
  /** Unloads the model stored under `key` (before its files are deleted), if it is the one loaded. */
  unloadIf(key: string): Promise<void>;
  unload(): Promise<void>;
}

/** Scales `v` to length 1 (an all-zero vector stays as it is). */
export function normalized(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return v;
}
