/**
 * A reply's chunks and its result cross the worker boundary on different ports (comlink gives each
 * proxied callback its own), so the result can arrive before the last chunks. The worker counts what it
 * sent and says so with the result (or on the error); the page settles only once that many have arrived.
 */

/**
 * Where a job's reports go: a port of their own, posted to and never answered (a comlink callback
 * would answer each one, two messages a token). `R` says what they are.
 */
export type Reports<R> = MessagePort & { readonly reports?: ((value: R) => void) | undefined };

/** What the worker returns for a streamed call: the value, and how many chunks it sent before it. */
export interface Counted<T> {
  value: T;
  chunks: number;
}

/** Worker side: runs `run` with a counting `onChunk`; the count goes with the value, or onto the error. */
export async function counting<C, T>(
  onChunk: ((chunk: C) => void) | undefined,
  run: (onChunk: ((chunk: C) => void) | undefined) => Promise<T>,
): Promise<Counted<T>> {
  let chunks = 0;
  const counted =
    onChunk &&
    ((chunk: C) => {
      chunks++;
      onChunk(chunk);
    });
  try {
    return { value: await run(counted), chunks };
  } catch (error) {
    throw error instanceof Error ? withChunkCount(error, chunks) : error;
  }
}

/** Marks `error` with the chunks sent before it; error-transfer.ts carries the mark across. */
export function withChunkCount<E extends Error>(error: E, chunks: number): E {
  return Object.defineProperty(error, 'streamedChunks', { value: chunks, configurable: true });
}

export const chunkCountOf = (error: unknown): number => (error as { streamedChunks?: number } | null)?.streamedChunks ?? 0;

/**
 * Page side: calls `call` with a counting callback and resolves (or rejects) only after every chunk
 * the worker sent has reached `onChunk`, so nothing streams in after the result. `dead` ends the wait.
 */
export async function inOrder<C, T>(
  onChunk: ((chunk: C) => void) | undefined,
  call: (onChunk: ((chunk: C) => void) | undefined) => Promise<Counted<T>>,
  dead: Promise<never>,
): Promise<T> {
  let received = 0;
  let wanted = Number.POSITIVE_INFINITY;
  let caughtUp: (() => void) | null = null;
  const counted =
    onChunk &&
    ((chunk: C) => {
      received++;
      onChunk(chunk);
      if (received >= wanted) caughtUp?.();
    });
  const allOf = (chunks: number) =>
    received >= chunks
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => {
            wanted = chunks;
            caughtUp = resolve;
          }),
          dead,
        ]);
  let result: Counted<T>;
  try {
    result = await Promise.race([call(counted), dead]);
  } catch (error) {
    if (onChunk) await allOf(chunkCountOf(error));
    throw error;
  }
  if (onChunk) await allOf(result.chunks);
  return result.value;
}
