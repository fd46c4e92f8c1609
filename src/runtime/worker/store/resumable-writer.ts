/** Writing a model file into the store chunk by chunk, resumable after an interruption, and verified at the end. */
import { set } from 'idb-keyval';
import { guard } from '../../shared/store/storage-errors.ts';
import { inpageDb as db } from './db.ts';
import { CHUNK_SIZE, type ChunkKey, chunkBlobs, deleteStoredFile, readRecord, SCHEMA_VERSION, type StoredFile } from './model-store.ts';

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
export async function openResumableWriter(
  url: string,
  createHasher: () => Promise<Hasher>,
  partOf?: string | undefined,
): Promise<ResumableWriter> {
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
    ...(partOf ? { partOf: [partOf] } : {}),
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
