/** A reply timed on the page's clock, the same way for this device and the cloud: sent, first token, done. */
import type { ChatCompletion, ChatCompletionChunk } from '../../shared/engine.ts';

export interface ReplyTimes {
  sentAt: number;
  firstTokenAt: number | undefined;
  doneAt: number;
}

export type Run = (onChunk: (chunk: ChatCompletionChunk) => void) => Promise<ChatCompletion>;

/** Runs `run`, passing each chunk on until it settles (a chunk after that has nobody to go to); a failure is thrown as it came. */
export async function timed(
  run: Run,
  onChunk?: (chunk: ChatCompletionChunk) => void,
): Promise<{ completion: ChatCompletion; times: ReplyTimes }> {
  const sentAt = performance.now();
  let firstTokenAt: number | undefined;
  let settled = false;
  try {
    const completion = await run((chunk) => {
      if (settled) return;
      firstTokenAt ??= performance.now();
      onChunk?.(chunk);
    });
    return { completion, times: { sentAt, firstTokenAt, doneAt: performance.now() } };
  } finally {
    settled = true;
  }
}
