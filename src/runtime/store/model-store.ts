/**
 * Model files in IndexedDB, as chunk records of CHUNK_SIZE bytes, so a multi-gigabyte model never
 * has to be one ArrayBuffer and reads back as a disk-backed Blob. Whole chunks survive an
 * interruption and a download resumes after them; a file counts as stored only once it is complete
 * and verified (its size always, its sha256 where one is known).
 */
import { get, promisifyRequest, set } from 'idb-keyval';
import { inpageDb } from './db.ts';
import { guard } from './storage-errors.ts';

export const CHUNK_SIZE = 32 * 1024 * 1024;
const SCHEMA_VERSION = 2;

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
  savedAt: number;
}

/** Version 1 kept no partial downloads: its complete files are still good (checked by size), the rest is dropped. */
function migrate(record: unknown): StoredFile | null {
  const r = record as Partial<StoredFile> & { version?: number; size?: number };
  if (r?.version === SCHEMA_VERSION) return r as StoredFile;
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
type ChunkKey = [url: string, index: number];
const chunksOf = (url: string) => IDBKeyRange.bound([url, 0], [url, Number.MAX_SAFE_INTEGER]);

const db = inpageDb;

export function readRecord(url: string): Promise<StoredFile | null> {
  return guard(async () => migrate(await get(url, db().files)));
}

async function chunkBlobs(url: string): Promise<Blob[]> {
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

/** What a hasher must do; hash-wasm's SHA-256, which can save and resume its state. */
export interface Hasher {
  update(bytes: Uint8Array): unknown;
  save(): Uint8Array;
  load(state: Uint8Array): unknown;
  digest(format: 'hex'): string;
}

export interface FileFacts {
  size: number | null;
  validator?: string | undefined;
  sha256?: string | undefined;
}

/** A file whose content is not what was expected (size or sha256); what was stored of it is gone. */
export class IntegrityMismatch extends Error {
  override name = 'IntegrityMismatch';
  readonly what: 'size' | 'sha256';
  readonly expected: string;
  readonly actual: string;
  constructor(what: 'size' | 'sha256', expected: string, actual: string) {
    super(`expected ${what} ${expected}, got ${actual}`);
    this.what = what;
    this.expected = expected;
    this.actual = actual;
  }
}

export interface ResumableWriter {
  /** Bytes already stored in whole chunks: where the download continues. */
  readonly offset: number;
  /** What is known of the file from an earlier, interrupted download. */
  readonly previous: StoredFile | null;
  /** Records what the server says about the file, before any byte is written. */
  describe(facts: FileFacts): Promise<void>;
  /** Appends bytes; stores each chunk as it fills. */
  write(bytes: Uint8Array): Promise<void>;
  /** Stores the rest, checks size and sha256, and marks the file complete; on a mismatch, discards everything and throws IntegrityMismatch. */
  finish(): Promise<'sha256' | 'size'>;
  /** Keeps the whole chunks written so far, so the next download resumes after them; resolves with their bytes. */
  suspend(): Promise<number>;
  /** Drops everything stored of the file. */
  discard(): Promise<void>;
}

/**
 * Opens `url` for writing: after the whole chunks of an earlier, interrupted download of it, or from
 * the start when there are none (or they do not add up, as after a partial eviction).
 */
export async function openResumableWriter(url: string, createHasher: () => Promise<Hasher>): Promise<ResumableWriter> {
  const hasher = await createHasher();
  let record = await readRecord(url);
  const stored = record && !record.complete ? await chunkBlobs(url) : [];
  const usable =
    record !== null &&
    !record.complete &&
    record.chunkSize === CHUNK_SIZE &&
    record.chunks > 0 &&
    record.hashState !== undefined &&
    stored.length >= record.chunks &&
    stored.slice(0, record.chunks).every((b) => b.size === CHUNK_SIZE);
  if (usable && record?.hashState) {
    hasher.load(record.hashState);
  } else {
    await deleteStoredFile(url);
    record = null;
  }
  const previous = record;
  let current: StoredFile = record ?? {
    version: SCHEMA_VERSION,
    url,
    size: null,
    chunkSize: CHUNK_SIZE,
    chunks: 0,
    storedBytes: 0,
    complete: false,
    savedAt: Date.now(),
  };
  const buffer = new Uint8Array(CHUNK_SIZE);
  let filled = 0;

  const save = (next: StoredFile) =>
    guard(() => set(url, next, db().files), next.storedBytes).then(() => {
      current = next;
    });

  /** The chunk being stored while the next one fills: the network is not kept waiting on the disk. */
  let writing: Promise<void> = Promise.resolve();

  const flush = async () => {
    if (filled === 0) return;
    const bytes = buffer.subarray(0, filled);
    hasher.update(bytes);
    const blob = new Blob([bytes]); // a copy: the buffer is free again at once
    const size = filled;
    const state = hasher.save();
    filled = 0;
    await writing; // at most one chunk in flight, so records stay in order
    writing = (async () => {
      const key: ChunkKey = [url, current.chunks];
      await guard(() => set(key, blob, db().chunks), current.storedBytes);
      // The record follows the chunk: after a crash between the two, the chunk is simply written again.
      await save({
        ...current,
        chunks: current.chunks + 1,
        storedBytes: current.storedBytes + size,
        hashState: state,
        savedAt: Date.now(),
      });
    })();
    // A failed write surfaces at the next flush or at finish; until then it must not go unhandled.
    writing.catch(() => {});
  };

  const discard = async () => {
    filled = 0;
    await writing.catch(() => {});
    await deleteStoredFile(url);
  };

  return {
    offset: current.storedBytes,
    previous,
    async describe(facts) {
      await save({ ...current, size: facts.size, validator: facts.validator, sha256: facts.sha256 });
    },
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
    async finish() {
      await flush();
      await writing;
      const { size, sha256, storedBytes } = current;
      if (size !== null && storedBytes !== size) {
        await discard();
        throw new IntegrityMismatch('size', String(size), String(storedBytes));
      }
      const digest = hasher.digest('hex');
      if (sha256 && digest !== sha256) {
        await discard();
        throw new IntegrityMismatch('sha256', sha256, digest);
      }
      const verified = sha256 ? 'sha256' : 'size';
      await save({ ...current, size: storedBytes, complete: true, verified, hashState: undefined, savedAt: Date.now() });
      return verified;
    },
    async suspend() {
      filled = 0; // a partial chunk is not kept: the resume asks for it again
      await writing.catch(() => {}); // a chunk being written completes (or fails) first
      if (current.chunks === 0) await deleteStoredFile(url).catch(() => {}); // nothing whole: nothing to keep
      return current.storedBytes;
    },
    discard,
  };
}

export interface StoredFileSummary {
  url: string;
  /** Bytes stored so far: the whole file once complete. */
  bytes: number;
  /** The file's size, when known. */
  size: number | null;
  complete: boolean;
}

/** Every GGUF file in the store, with what is stored of it (Blob sizes are known without reading them). */
export function listStoredFiles(): Promise<StoredFileSummary[]> {
  return guard(async () => {
    const records = (await db().files('readonly', (store) => promisifyRequest(store.getAll()))) as unknown[];
    const files = records.map(migrate).filter((r): r is StoredFile => r !== null);
    return Promise.all(
      files.map(async (record) => {
        const parts = await chunkBlobs(record.url);
        return { url: record.url, bytes: parts.reduce((n, p) => n + p.size, 0), size: record.size, complete: record.complete };
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
