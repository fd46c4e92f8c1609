import { formatBytes } from '../bytes.ts';
import type { LoadProgress, ModelSpec } from '../engine.ts';
import { AbortError, InvalidModelError, isAbortError, ModelLoadError, ModelNotFoundError, NetworkError } from '../errors.ts';
import { createFileWriter, readStoredFile } from '../store/model-store.ts';
import { GgufSniffer } from './gguf-sniffer.ts';

const PROGRESS_INTERVAL_MS = 100;

interface Options {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function checkStatus(response: Response, spec: ModelSpec): void {
  if (response.ok) return;
  const host = hostOf(spec.url);
  const { status } = response;
  const details = { url: spec.url, status };
  if (status === 404 || status === 410) {
    throw new ModelNotFoundError(
      `There is no model at ${spec.url} (HTTP ${status}). Check the address, or pick a model from the list.`,
      details,
    );
  }
  if (status === 401 || status === 403) {
    throw new ModelLoadError(
      `${host} refused access to ${spec.name} (HTTP ${status}). The model may be private or gated: use a public link.`,
      details,
    );
  }
  if (status === 429) {
    throw new NetworkError(`${host} is rate-limiting downloads (HTTP 429). Wait a minute, then try again.`, details);
  }
  throw new NetworkError(`${host} answered HTTP ${status} for ${spec.name}. Try again later, or use another address.`, details);
}

/** Streams the model into the store, checking it is a whole GGUF file; nothing partial is kept. */
async function download(spec: ModelSpec, { signal, onProgress }: Options): Promise<number> {
  const host = hostOf(spec.url);
  let response: Response;
  try {
    // no-store: the bytes go to IndexedDB; a second copy in the HTTP cache would double the disk use.
    response = await fetch(spec.url, { signal: signal ?? null, cache: 'no-store' });
  } catch (error) {
    if (isAbortError(error)) throw new AbortError('Download cancelled.');
    throw new NetworkError(`Could not reach ${host}. Check the address and your connection, then try again.`, { url: spec.url });
  }
  checkStatus(response, spec);
  const length = response.headers.get('content-length');
  const total = length && !response.headers.get('content-encoding') ? Number(length) : (spec.sizeBytes ?? null);
  const sniffer = new GgufSniffer(spec.name, response.headers.get('content-type'));
  const writer = await createFileWriter(spec.url);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let received = 0;
  let headerChecked = false;
  let reportedAt = 0;
  const brokeOff = () =>
    new NetworkError(
      `The download from ${host} broke off after ${formatBytes(received)}${total ? ` of ${formatBytes(total)}` : ''}. Check your connection and try again.`,
      { url: spec.url, received },
    );
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        if (isAbortError(error) || signal?.aborted) throw new AbortError('Download cancelled.');
        throw brokeOff();
      }
      if (next.done) break;
      sniffer.push(next.value);
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
      await writer.write(next.value);
      received += next.value.byteLength;
      const now = Date.now();
      if (now - reportedAt >= PROGRESS_INTERVAL_MS) {
        reportedAt = now;
        onProgress?.({ phase: 'download', loadedBytes: received, totalBytes: total });
      }
    }
    const header = sniffer.finish();
    if (total !== null && received < total) throw brokeOff();
    const need = header.minFileSize;
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
    reader.cancel().catch(() => {});
    await writer.abort().catch(() => {});
    throw error;
  }
}

/** The model's bytes, from this browser's store when complete there, else downloaded into it first. */
export async function openModelFile(spec: ModelSpec, options: Options): Promise<{ blob: Blob; fromCache: boolean }> {
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
