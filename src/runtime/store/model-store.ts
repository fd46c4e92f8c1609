/**
 * Model files in IndexedDB, as chunk records of CHUNK_SIZE bytes, so a multi-gigabyte model never
 * has to be one ArrayBuffer and reads back as a disk-backed Blob. A file counts as stored only once
 * its record says complete, which is written after every chunk.
 */
import { createStore, del, delMany, get, keys, set, type UseStore } from 'idb-keyval';
import { QuotaExceededError } from '../errors.ts';

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

type ChunkKey = [url: string, index: number];

let stores: { files: UseStore; chunks: UseStore } | undefined;
function db() {
  // Two databases because idb-keyval opens one object store per database.
  stores ??= { files: createStore('inpage-models', 'files'), chunks: createStore('inpage-model-chunks', 'chunks') };
  return stores;
}

function mapStorageError(error: unknown, savedBytes: number): unknown {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return new QuotaExceededError(
      `This browser ran out of room for the model after ${(savedBytes / 1e6).toFixed(0)} MB. ` +
        'Free up disk space or delete other downloaded models, then try again.',
      { savedBytes },
    );
  }
  return error;
}

async function chunkKeys(url: string): Promise<ChunkKey[]> {
  const all = (await keys(db().chunks)) as ChunkKey[];
  return all.filter((k) => Array.isArray(k) && k[0] === url);
}

/** The stored model as one Blob, or null when it is missing, incomplete or partly evicted. */
export async function readStoredFile(url: string): Promise<Blob | null> {
  const record = await get<StoredFile>(url, db().files);
  if (!record?.complete || record.version !== SCHEMA_VERSION) return null;
  const count = Math.ceil(record.size / record.chunkSize);
  const parts: Blob[] = [];
  for (let i = 0; i < count; i++) {
    const part = await get<Blob>([url, i] satisfies ChunkKey, db().chunks);
    if (!(part instanceof Blob)) return null;
    parts.push(part);
  }
  const blob = new Blob(parts);
  return blob.size === record.size ? blob : null;
}

export async function deleteStoredFile(url: string): Promise<void> {
  await del(url, db().files);
  await delMany(await chunkKeys(url), db().chunks);
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
  await deleteStoredFile(url);
  await set(
    url,
    { version: SCHEMA_VERSION, url, size: 0, chunkSize: CHUNK_SIZE, complete: false, savedAt: Date.now() } satisfies StoredFile,
    db().files,
  );
  const buffer = new Uint8Array(CHUNK_SIZE);
  let filled = 0;
  let index = 0;
  let saved = 0;

  const flush = async () => {
    if (filled === 0) return;
    try {
      await set([url, index] satisfies ChunkKey, new Blob([buffer.subarray(0, filled)]), db().chunks);
    } catch (error) {
      throw mapStorageError(error, saved);
    }
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
      if (saved !== size) throw new Error(`stored ${saved} bytes of ${url}, expected ${size}`);
      try {
        await set(
          url,
          { version: SCHEMA_VERSION, url, size, chunkSize: CHUNK_SIZE, complete: true, savedAt: Date.now() } satisfies StoredFile,
          db().files,
        );
      } catch (error) {
        throw mapStorageError(error, saved);
      }
    },
    abort: () => deleteStoredFile(url),
  };
}
