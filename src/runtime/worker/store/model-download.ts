/**
 * The GGUF downloader: streams a model into the chunked store, resuming after the whole chunks of an
 * interrupted download (HTTP Range), and marks it complete only once verified. A server that ignores
 * Range, answers another range, or now has another file is handled without storing a byte twice.
 */

import { createSHA256 } from 'hash-wasm';
import type { LoadProgress, StoredFileSpec } from '../../shared/engine.ts';
import { InvalidModelError, ModelLoadError, QuotaExceededError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { ensureRoom } from '../../shared/store/storage-check.ts';
import type { GgufHeader } from '../gguf/gguf.ts';
import { GgufSniffer } from '../gguf/gguf-sniffer.ts';
import { contentLength, fetchModelFile, hostOf, readBody } from './http.ts';
import { addOwner, readStoredFile } from './model-store.ts';
import { IntegrityMismatch, openResumableWriter, type ResumableWriter } from './resumable-writer.ts';

const PROGRESS_INTERVAL_MS = 100;

interface Options {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
  /** Told the header and the file's size as soon as the header is in; throws to refuse the file (nothing is kept). */
  accept?: ((header: GgufHeader, sizeBytes: number) => void) | undefined;
}

/**
 * The sha256 a server publishes for the file: Hugging Face's X-Linked-ETag, an ETag that is one,
 * Repr-Digest, or the LFS object id that ends a Hugging Face CDN address (after the redirect).
 */
export function publishedSha256(headers: Headers, url = ''): string | undefined {
  const lfs = /^https:\/\/[^/]*(?:huggingface\.co|hf\.co)\/repos\/.*\/([0-9a-f]{64})$/.exec(url.split('?')[0] ?? '')?.[1];
  if (lfs) return lfs;
  for (const name of ['x-linked-etag', 'etag']) {
    const value = headers.get(name)?.replace(/^W\//, '').replace(/^"|"$/g, '');
    if (value && /^[0-9a-f]{64}$/i.test(value)) return value.toLowerCase();
  }
  const digest = /sha-256=:([A-Za-z0-9+/=]+):/.exec(headers.get('repr-digest') ?? '')?.[1];
  if (!digest) return undefined;
  const bytes = Uint8Array.from(atob(digest), (c) => c.charCodeAt(0));
  return bytes.length === 32 ? [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('') : undefined;
}

/** Refuses a file that is not what `format` says from its first bytes (a web page or JSON for ONNX, binary for JSON). */
function checkStart(spec: StoredFileSpec, first: Uint8Array): void {
  const text = new TextDecoder().decode(first.subarray(0, 64)).trimStart();
  if (text.startsWith('<')) throw new InvalidModelError(say('onnxWebPage', { name: spec.name }), { reason: 'web-page' });
  // An ONNX file is a protobuf ModelProto: its first field is ir_version (field 1, varint), byte 0x08.
  if (spec.format === 'onnx' && first[0] !== 0x08) throw new InvalidModelError(say('notOnnx', { name: spec.name }), { reason: 'not-onnx' });
  if (spec.format === 'json' && text && !text.startsWith('{'))
    throw new InvalidModelError(say('notTokenizerJson', { name: spec.name }), { reason: 'not-json' });
}

/** What identifies this version of the file, so a resume never splices two versions together. */
function validatorOf(headers: Headers): string | undefined {
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) return etag;
  return headers.get('last-modified') ?? undefined;
}

/** `bytes start-end/total` of a 206; null when absent or unreadable (a CORS-hidden header). */
export function parseContentRange(value: string | null): { start: number; end: number; total: number | null } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  return m ? { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) } : null;
}

/** How the response lines up with what is stored: continue after it, skip bytes a Range-ignoring server resends, or start over. */
async function alignResponse(
  response: Response,
  writer: ResumableWriter,
): Promise<{ mode: 'continue' | 'restart'; skip: number; total: number | null } | 'refetch'> {
  const offset = writer.offset;
  const previous = writer.previous;
  const validator = validatorOf(response.headers);
  const changed = previous?.validator !== undefined && validator !== undefined && validator !== previous.validator;
  if (offset === 0) return { mode: 'continue', skip: 0, total: contentLength(response) };
  if (response.status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    const length = contentLength(response);
    const expected = previous?.size ?? null;
    // Content-Range may be hidden by CORS: then the length must be exactly the rest of the file.
    const lines = range
      ? range.start === offset && (expected === null || range.total === null || range.total === expected)
      : expected !== null && length === expected - offset;
    if (!lines || changed) return 'refetch';
    return { mode: 'continue', skip: 0, total: range?.total ?? expected };
  }
  // 200: the whole file. Another version starts over with this body; the same file is read past what is stored.
  const total = contentLength(response);
  if (changed || (previous?.size != null && total !== null && total !== previous.size)) return { mode: 'restart', skip: 0, total };
  return { mode: 'continue', skip: offset, total };
}

async function download(spec: StoredFileSpec, options: Options, attempt = 0): Promise<number> {
  const { signal, onProgress, accept } = options;
  let writer = await openResumableWriter(spec.url, createSHA256, spec.partOf);
  const known = spec.sizeBytes ?? spec.approxBytes ?? 0;
  await ensureRoom(Math.max(0, known - writer.offset), spec.name);
  let response = await fetchModelFile(spec.url, spec.name, signal, writer.offset > 0 ? writer.offset : undefined);
  let aligned = await alignResponse(response, writer);
  if (aligned === 'refetch' || aligned.mode === 'restart') {
    // What is stored belongs to another range or another version of the file: start over.
    await writer.discard();
    writer = await openResumableWriter(spec.url, createSHA256, spec.partOf);
    if (aligned === 'refetch') {
      response.body?.cancel().catch(() => {});
      response = await fetchModelFile(spec.url, spec.name, signal);
    }
    aligned = { mode: 'continue', skip: 0, total: contentLength(response) };
  }
  const start = writer.offset;
  const total = aligned.total ?? spec.sizeBytes ?? null;
  if (total !== null && total - start > known - start) {
    // The server's size is the one that counts; nothing of the body is read yet.
    await ensureRoom(total - start, spec.name).catch((error) => {
      response.body?.cancel().catch(() => {});
      throw error;
    });
  }
  if (start === 0)
    await writer.describe({
      size: total,
      validator: validatorOf(response.headers),
      sha256: spec.sha256 ?? publishedSha256(response.headers),
    });
  const gguf = (spec.format ?? 'gguf') === 'gguf';
  const sniffer = start === 0 && gguf ? new GgufSniffer(spec.name, response.headers.get('content-type')) : null;
  let startChecked = start > 0 || gguf;
  let skip = aligned.skip;
  let written = start;
  let headerChecked = false;
  let refused = false;
  let reportedAt = 0;
  const bodyTotal = total === null ? null : response.status === 206 ? total - start : total;
  try {
    await readBody(response, { url: spec.url, signal, total: bodyTotal }, async (chunk) => {
      let bytes = chunk;
      if (skip > 0) {
        const n = Math.min(skip, bytes.byteLength);
        skip -= n;
        bytes = bytes.subarray(n);
        if (bytes.byteLength === 0) return;
      }
      if (!startChecked) {
        startChecked = true;
        try {
          checkStart(spec, bytes);
        } catch (error) {
          refused = true;
          throw error;
        }
      }
      if (sniffer) {
        sniffer.push(bytes);
        if (sniffer.header && !headerChecked) {
          headerChecked = true;
          const need = sniffer.header.minFileSize;
          if (need !== undefined && total !== null && need > total) {
            throw new InvalidModelError(say('serverIncomplete', { name: spec.name, total, need }), { reason: 'truncated', total, need });
          }
          try {
            accept?.(sniffer.header, total ?? need ?? 0);
          } catch (error) {
            refused = true;
            throw error;
          }
        }
      }
      await writer.write(bytes);
      written += bytes.byteLength;
      const now = Date.now();
      if (now - reportedAt >= PROGRESS_INTERVAL_MS) {
        reportedAt = now;
        onProgress?.({ phase: 'download', loadedBytes: written, totalBytes: total });
      }
    });
    const need = sniffer?.finish().minFileSize;
    if (need !== undefined && written < need) {
      throw new InvalidModelError(say('endsEarly', { name: spec.name, received: written, need }), {
        reason: 'truncated',
        received: written,
        need,
      });
    }
    if (spec.sizeBytes !== undefined && written !== spec.sizeBytes) {
      throw new InvalidModelError(say('sizeMismatch', { name: spec.name, received: written, expected: spec.sizeBytes }), {
        reason: 'size-mismatch',
      });
    }
    await writer.finish();
    onProgress?.({ phase: 'download', loadedBytes: written, totalBytes: written });
    return written - start;
  } catch (error) {
    if (error instanceof IntegrityMismatch) {
      // A corrupted transfer: everything was discarded; fetch it whole once more before calling the file bad.
      if (attempt === 0) return download(spec, options, 1);
      throw new InvalidModelError(
        say('integrity', { name: spec.name, host: hostOf(spec.url), what: error.what === 'sha256' ? 'sha256' : 'size' }),
        { reason: 'integrity', expected: error.expected, actual: error.actual },
      );
    }
    if (error instanceof InvalidModelError || refused) {
      await writer.discard().catch(() => {});
      throw error;
    }
    // A dropped connection, a cancel or a full disk: the whole chunks stay, and the next load continues after them.
    const kept = await writer.suspend().catch(() => 0);
    if (error instanceof QuotaExceededError && kept > 0) {
      throw new QuotaExceededError(say('outOfRoomKept', { name: spec.name, received: written, kept }), {
        savedBytes: written,
        keptBytes: kept,
      });
    }
    throw error;
  }
}

/**
 * Downloads unless the file is stored, one tab at a time per file: a second tab (indexing with the
 * same embedding model, say) waits, then finds it stored, instead of writing the same chunks twice.
 * Resolves with the bytes fetched (0: it was there).
 */
function downloadOnce(spec: StoredFileSpec, options: Options): Promise<number> {
  const run = async () => ((await readStoredFile(spec.url)) ? 0 : download(spec, options));
  return navigator.locks.request(`inpage-download ${spec.url}`, options.signal ? { signal: options.signal } : {}, run);
}

/** Downloads the model into this browser's store unless it is there already; loads nothing. Resolves with the bytes fetched. */
export async function prepareModelFile(spec: StoredFileSpec, options: Options): Promise<number> {
  if (await readStoredFile(spec.url)) return 0;
  return downloadOnce(spec, options);
}

/** The model's bytes, from this browser's store when complete there, else downloaded into it first. */
export async function openModelFile(spec: StoredFileSpec, options: Options): Promise<{ blob: Blob; fromCache: boolean }> {
  const stored = await readStoredFile(spec.url);
  // A projector stored for one model and opened for another now belongs to both.
  if (spec.partOf) await addOwner(spec.url, spec.partOf);
  if (stored) {
    options.onProgress?.({ phase: 'load-from-cache', loadedBytes: stored.size, totalBytes: stored.size });
    return { blob: stored, fromCache: true };
  }
  const fetched = await downloadOnce(spec, options);
  const blob = await readStoredFile(spec.url);
  if (!blob) throw new ModelLoadError(say('notReadBack', { name: spec.name }));
  // 0 bytes fetched: another tab stored it while this one waited.
  return { blob, fromCache: fetched === 0 };
}
