/** What every engine's row in ENGINES says: where it runs, what it can do, and how its files are stored. */
import type { AnyModelSpec, CachedModel } from '../engine.ts';

/** What an engine can do; faces ask this, never which engine it is. */
export interface Capabilities {
  chat: boolean;
  embeddings: boolean;
  /** Reads pictures (image_url parts), for a model that sees. */
  pictures: boolean;
  /** Writes JSON to a schema, enforced while it writes. */
  json: boolean;
  tools: boolean;
  audio: boolean;
}

export interface EngineRow<S extends AnyModelSpec> {
  /** In the runtime's worker, or on the page (the cloud's client, which must still answer when the worker has crashed). */
  runs: 'worker' | 'page';
  can: Capabilities;
  /** The key its files are stored under in this browser (what storage.list() reports and delete takes); null when it stores nothing. */
  storageKey(spec: S): string | null;
  /** Whether a stored entry holds everything a load of `spec` needs. */
  whole(spec: S, entry: CachedModel): boolean;
  /** The bytes a download of `spec` takes: exact where known, else the estimate; undefined when unknown. */
  downloadBytes(spec: S): number | undefined;
  /** Every address `spec`'s files are fetched from (a security policy must allow each host). */
  addresses(spec: S): string[];
}

/** A spec's own size, exact where known. */
export const ownBytes = (spec: { sizeBytes?: number | undefined; approxBytes?: number | undefined }): number | undefined =>
  spec.sizeBytes ?? spec.approxBytes;
