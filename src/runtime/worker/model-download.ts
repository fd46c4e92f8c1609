import { formatBytes } from '../bytes.ts';
import type { GgufModelSpec, LoadProgress } from '../engine.ts';
import { InvalidModelError, ModelLoadError } from '../errors.ts';
import { createFileWriter, readStoredFile } from '../store/model-store.ts';
import { GgufSniffer } from './gguf-sniffer.ts';
import { contentLength, fetchModelFile, readBody } from './http.ts';
import { ensureRoom } from './storage-check.ts';

const PROGRESS_INTERVAL_MS = 100;

interface Options {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
}

/** Streams the model into the store, checking it is a whole GGUF file; nothing partial is kept. */
async function download(spec: GgufModelSpec, { signal, onProgress }: Options): Promise<number> {
  await ensureRoom(spec.sizeBytes ?? spec.approxBytes ?? 0, spec.name);
  const response = await fetchModelFile(spec.url, spec.name, signal);
  const total = contentLength(response) ?? spec.sizeBytes ?? null;
  if (total !== null) {
    // The server's size is the one that counts; nothing of the body is read yet.
    await ensureRoom(total, spec.name).catch((error) => {
      response.body?.cancel().catch(() => {});
      throw error;
    });
  }
  const sniffer = new GgufSniffer(spec.name, response.headers.get('content-type'));
  const writer = await createFileWriter(spec.url);
  let headerChecked = false;
  let reportedAt = 0;
  try {
    const received = await readBody(response, { url: spec.url, signal, total }, async (bytes, received) => {
      sniffer.push(bytes);
      if (sniffer.header && !headerChecked) {
        headerChecked = true;
        const need = sniffer.header.minFileSize;
        if (need !== undefined && total !== null && need > total) {
          throw new InvalidModelError(
            `${spec.name} on the server is incomplete: it is ${formatBytes(total)} but its header describes ${formatBytes(need)}. Use a complete copy of the file.`,
            { reason: 'truncated', total, need },
          );
        }
      }
      await writer.write(bytes);
      const now = Date.now();
      if (now - reportedAt >= PROGRESS_INTERVAL_MS) {
        reportedAt = now;
        onProgress?.({ phase: 'download', loadedBytes: received, totalBytes: total });
      }
    });
    const need = sniffer.finish().minFileSize;
    if (need !== undefined && received < need) {
      throw new InvalidModelError(
        `${spec.name} ends early: it has ${formatBytes(received)} of the ${formatBytes(need)} its header describes. Use a complete copy of the file.`,
        { reason: 'truncated', received, need },
      );
    }
    if (spec.sizeBytes !== undefined && received !== spec.sizeBytes) {
      throw new InvalidModelError(
        `${spec.name} is ${formatBytes(received)}, not the expected ${formatBytes(spec.sizeBytes)}: the server has a different file.`,
        {
          reason: 'size-mismatch',
        },
      );
    }
    await writer.close(received);
    onProgress?.({ phase: 'download', loadedBytes: received, totalBytes: received });
    return received;
  } catch (error) {
    await writer.abort().catch(() => {});
    throw error;
  }
}

/** Downloads the model into this browser's store unless it is there already; loads nothing. Resolves with the bytes fetched. */
export async function prepareModelFile(spec: GgufModelSpec, options: Options): Promise<number> {
  if (await readStoredFile(spec.url)) return 0;
  return download(spec, options);
}

/** The model's bytes, from this browser's store when complete there, else downloaded into it first. */
export async function openModelFile(spec: GgufModelSpec, options: Options): Promise<{ blob: Blob; fromCache: boolean }> {
  const stored = await readStoredFile(spec.url);
  if (stored) {
    options.onProgress?.({ phase: 'load-from-cache', loadedBytes: stored.size, totalBytes: stored.size });
    return { blob: stored, fromCache: true };
  }
  await download(spec, options);
  const blob = await readStoredFile(spec.url);
  if (!blob) throw new ModelLoadError(`${spec.name} was downloaded but could not be read back from this browser's storage. Try again.`);
  return { blob, fromCache: false };
}
