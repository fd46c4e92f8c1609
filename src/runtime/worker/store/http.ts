/** Fetching model files with failures named and explained, for every downloader in the worker. */

import { AbortError, isAbortError, ModelLoadError, ModelNotFoundError, NetworkError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { policyBlockError } from '../../shared/policy-blocks.ts';

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function checkStatus(response: Response, url: string, name: string): void {
  if (response.ok) return;
  const host = hostOf(url);
  const { status } = response;
  const details = { url, status };
  if (status === 404 || status === 410) {
    throw new ModelNotFoundError(say('httpNotFound', { url, status }), details);
  }
  if (status === 401 || status === 403) {
    throw new ModelLoadError(say('httpRefused', { host, name, status }), details);
  }
  if (status === 429) {
    throw new NetworkError(say('httpRateLimited', { host }), details);
  }
  throw new NetworkError(say('httpStatus', { host, status, name }), details);
}

/**
 * fetch() that names its failures; no-store because model bytes go to IndexedDB, not the HTTP cache
 * too. `from` asks for the rest of the file after that many bytes (a plain Range, which needs no CORS preflight).
 */
export async function fetchModelFile(url: string, name: string, signal?: AbortSignal, from?: number): Promise<Response> {
  let response: Response;
  try {
    const headers: HeadersInit = from ? { Range: `bytes=${from}-` } : {};
    response = await fetch(url, { signal: signal ?? null, cache: 'no-store', headers });
  } catch (error) {
    if (isAbortError(error)) throw new AbortError(say('downloadCancelled'));
    const blocked = await policyBlockError(url);
    if (blocked) throw blocked;
    throw new NetworkError(say('unreachable', { host: hostOf(url) }), { url });
  }
  checkStatus(response, url, name);
  return response;
}

function brokeOff(url: string, received: number, total: number | null): NetworkError {
  return new NetworkError(say('brokeOff', { host: hostOf(url), received, total }), { url, received });
}

/**
 * Reads a response body chunk by chunk into `onChunk`, turning a dropped connection into NetworkError
 * and a cancel into AbortError. Resolves with the bytes read, which must reach `total` when it is known.
 */
export async function readBody(
  response: Response,
  { url, signal, total }: { url: string; signal?: AbortSignal | undefined; total: number | null },
  onChunk: (bytes: Uint8Array, received: number) => void | Promise<void>,
): Promise<number> {
  if (!response.body) throw new NetworkError(say('noData', { host: hostOf(url), url }), { url });
  const reader = response.body.getReader();
  let received = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        if (isAbortError(error) || signal?.aborted) throw new AbortError(say('downloadCancelled'));
        throw brokeOff(url, received, total);
      }
      if (next.done) break;
      received += next.value.byteLength;
      await onChunk(next.value, received);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  if (total !== null && received < total) throw brokeOff(url, received, total);
  return received;
}

/** The body's length when the server states it and did not compress it (then the header counts other bytes). */
export function contentLength(response: Response): number | null {
  const length = response.headers.get('content-length');
  return length && !response.headers.get('content-encoding') ? Number(length) : null;
}
