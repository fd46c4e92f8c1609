/**
 * Model files in IndexedDB, as chunk records of CHUNK_SIZE bytes, so a multi-gigabyte model never
 * has to be one ArrayBuffer and reads back as a disk-backed Blob. Whole chunks survive an
 * interruption and a download resumes after them; a file counts as stored only once it is complete
 * and verified (its size always, its sha256 where one is known).
 */
import { get, promisifyRequest, set } from 'idb-keyval';
import { guard } from '../../shared/store/storage-errors.ts';
import { inpageDb } from './db.ts';

export const CHUNK_SIZE = 32 * 1024 * 1024;
export const SCHEMA_VERSION = 2;

export interface StoredFile {
  version: typeof SCHEMA_VERSION;
  url: string;
  /** The whole file's size as the server gave it; null until known. */
  size: number | null;
  chunkSize: number;
  /** Whole chunks stored, numbered from 0, and the bytes in them. */
  chunks: number;
  storedBytes: number;
  complete: boolean;
  /** How the complete file was checked. */
  verified?: 'sha256' | 'size' | undefined;
  /** The expected sha256 (hex), when the catalog or the server gave one. */
  sha256?: string | undefined;
  /** The server's ETag or Last-Modified for this file: a resume must continue the same file. */
  validator?: string | undefined;
  /** The sha256 state after the stored chunks, so a resume does not read them back. */
  hashState?: Uint8Array | undefined;
  /** The model files this one belongs to (a vision model's projector, which two models may share): listed and deleted with them. */
  partOf?: string[] | undefined;
  savedAt: number;
}

/** Version 1 kept no partial downloads: its complete files are still good (checked by size), the rest is dropped. */
function migrate(record: unknown): StoredFile | null {
  const r = record as Omit<Partial<StoredFile>, 'partOf'> & { version?: number; size?: number; partOf?: string | string[] };
  // Earlier records named one owner; a projector shared by two models names both.
  if (r?.version === SCHEMA_VERSION) return { ...r, ...(typeof r.partOf === 'string' ? { partOf: [r.partOf] } : {}) } as StoredFile;
  if (r?.version === 1 && r.complete && typeof r.url === 'string' && typeof r.size === 'number' && typeof r.chunkSize === 'number') {
    return {
      version: SCHEMA_VERSION,
      url: r.url,
      size: r.size,
      chunkSize: r.chunkSize,
      chunks: Math.ceil(r.size / r.chunkSize),
      storedBytes: r.size,
      complete: true,
      verified: 'size',
      savedAt: r.savedAt ?? Date.now(),
    };
  }
  return null;
}

/** Chunks are keyed [url, index], so one key range covers a whole file. */
export type ChunkKey = [url: string, index: number];
export const chunksOf = (url: string) => IDBKeyRange.bound([url, 0], [url, Number.MAX_SAFE_INTEGER]);

const db = inpageDb;

export function readRecord(url: string): Promise<StoredFile | null> {
  return guard(async () => migrate(await get(url, db().files)));
}

export async function chunkBlobs(url: string): Promise<Blob[]> {
  return (await db().chunks('readonly', (store) => promisifyRequest(store.getAll(chunksOf(url))))) as Blob[];
}

/** The stored model as one Blob, or null when it is missing, incomplete or partly evicted. */
export function readStoredFile(url: string): Promise<Blob | null> {
  return guard(async () => {
    const record = migrate(await get(url, db().files));
    if (!record?.complete || record.size === null) return null;
    const parts = await chunkBlobs(url);
    const blob = new Blob(parts);
    const whole = parts.length === Math.ceil(record.size / record.chunkSize) && blob.size === record.size;
    return whole ? blob : null;
  });
}

export function deleteStoredFile(url: string): Promise<void> {
  return guard(async () => {
    await db().files('readwrite', (store) => promisifyRequest(store.delete(url)));
    await db().chunks('readwrite', (store) => promisifyRequest(store.delete(chunksOf(url))));
  });
}

export interface StoredFileSummary {
  url: string;
  /** Bytes stored so far: the whole file once complete. */
  bytes: number;
  /** The file's size, when known. */
  size: number | null;
  complete: boolean;
  partOf?: string[] | undefined;
}

/** Every GGUF file in the store, with what is stored of it (Blob sizes are known without reading them). */
export function listStoredFiles(): Promise<StoredFileSummary[]> {
  return guard(async () => {
    const records = (await db().files('readonly', (store) => promisifyRequest(store.getAll()))) as unknown[];
    const files = records.map(migrate).filter((r): r is StoredFile => r !== null);
    return Promise.all(
      files.map(async (record) => {
        const parts = await chunkBlobs(record.url);
        const bytes = parts.reduce((n, p) => n + p.size, 0);
        return { url: record.url, bytes, size: record.size, complete: record.complete, partOf: record.partOf };
      }),
    );
  });
}

/** Records that the file stored under `url` (a projector) also belongs to `owner`, so deleting one of its models keeps it for the other. */
export function addOwner(url: string, owner: string): Promise<void> {
  return guard(async () => {
    const record = migrate(await get(url, db().files));
    if (!record || record.partOf?.includes(owner)) return;
    await set(url, { ...record, partOf: [...(record.partOf ?? []), owner] }, db().files);
  });
}

/** Takes `owner` off the file's owners; true when none is left (then the caller deletes the file). */
export function dropOwner(url: string, owner: string, stillStored: (url: string) => boolean): Promise<boolean> {
  return guard(async () => {
    const record = migrate(await get(url, db().files));
    const rest = (record?.partOf ?? []).filter((o) => o !== owner && stillStored(o));
    if (!record || !rest.length) return true;
    await set(url, { ...record, partOf: rest }, db().files);
    return false;
  });
}

export function clearStoredFiles(): Promise<void> {
  return guard(async () => {
    await db().files('readwrite', (store) => promisifyRequest(store.clear()));
    await db().chunks('readwrite', (store) => promisifyRequest(store.clear()));
  });
}
