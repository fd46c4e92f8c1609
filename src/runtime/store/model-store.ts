/**
 * Model files in IndexedDB, as chunk records of CHUNK_SIZE bytes, so a multi-gigabyte model never
 * has to be one ArrayBuffer and reads back as a disk-backed Blob. A file counts as stored only once
 * its record says complete, which is written after every chunk.
 */
import { get, promisifyRequest, set } from 'idb-keyval';
import { StorageError } from '../errors.ts';
import { inpageDb } from './db.ts';
import { guard } from './storage-errors.ts';

export const CHUNK_SIZE = 32 * 1024 * 1024;
const SCHEMA_VERSION = 1;

export interface StoredFile {
  version: typeof SCHEMA_VERSION;
  url: string;
  size: number;
  chunkSize: number;
  complete: boolean;
  savedAt: number;
}

/** Chunks are keyed [url, index], so one key range covers a whole file. */
type ChunkKey = [url: string, index: number];
const chunksOf = (url: string) => IDBKeyRange.bound([url, 0], [url, Number.MAX_SAFE_INTEGER]);

const db = inpageDb;

/** The stored model as one Blob, or null when it is missing, incomplete or partly evicted. */
export function readStoredFile(url: string): Promise<Blob | null> {
  return guard(async () => {
    const record = await get<StoredFile>(url, db().files);
    if (!record?.complete || record.version !== SCHEMA_VERSION) return null;
    const parts = await db().chunks('readonly', (store) => promisifyRequest(store.getAll(chunksOf(url))));
    const blob = new Blob(parts as Blob[]);
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

export interface FileWriter {
  /** Append bytes; resolves once they are buffered or stored. */
  write(bytes: Uint8Array): Promise<void>;
  /** Store the rest and mark the file complete; `size` must match what was written. */
  close(size: number): Promise<void>;
  /** Drop everything written so far. */
  abort(): Promise<void>;
}

/** Starts writing `url` from scratch, replacing any earlier copy. */
export async function createFileWriter(url: string): Promise<FileWriter> {
  const record = (size: number, complete: boolean): StoredFile => ({
    version: SCHEMA_VERSION,
    url,
    size,
    chunkSize: CHUNK_SIZE,
    complete,
    savedAt: Date.now(),
  });
  await deleteStoredFile(url);
  await guard(() => set(url, record(0, false), db().files));
  const buffer = new Uint8Array(CHUNK_SIZE);
  let filled = 0;
  let index = 0;
  let saved = 0;

  const flush = async () => {
    if (filled === 0) return;
    const key: ChunkKey = [url, index];
    await guard(() => set(key, new Blob([buffer.subarray(0, filled)]), db().chunks), saved);
    saved += filled;
    index++;
    filled = 0; // the Blob constructor copied the bytes, so the buffer is free again
  };

  return {
    async write(bytes) {
      let offset = 0;
      while (offset < bytes.byteLength) {
        const n = Math.min(CHUNK_SIZE - filled, bytes.byteLength - offset);
        buffer.set(bytes.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === CHUNK_SIZE) await flush();
      }
    },
    async close(size) {
      await flush();
      if (saved !== size) throw new StorageError(`Only ${saved} of ${size} bytes of the model were saved. Try again.`);
      await guard(() => set(url, record(size, true), db().files), saved);
    },
    abort: () => deleteStoredFile(url),
  };
}

export interface StoredFileSummary {
  url: string;
  /** Bytes stored so far: the whole file once complete. */
  bytes: number;
  complete: boolean;
}

/** Every GGUF file in the store, with what is stored of it (Blob sizes are known without reading them). */
export function listStoredFiles(): Promise<StoredFileSummary[]> {
  return guard(async () => {
    const records = (await db().files('readonly', (store) => promisifyRequest(store.getAll()))) as StoredFile[];
    return Promise.all(
      records.map(async (record) => {
        const parts = (await db().chunks('readonly', (store) => promisifyRequest(store.getAll(chunksOf(record.url))))) as Blob[];
        return { url: record.url, bytes: parts.reduce((n, p) => n + p.size, 0), complete: record.complete };
      }),
    );
  });
}

export function clearStoredFiles(): Promise<void> {
  return guard(async () => {
    await db().files('readwrite', (store) => promisifyRequest(store.clear()));
    await db().chunks('readwrite', (store) => promisifyRequest(store.clear()));
  });
}
