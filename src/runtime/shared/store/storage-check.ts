/** Refusing a download that cannot fit, before it starts, instead of failing at 90%. */

import { QuotaExceededError } from '../errors/errors.ts';
import { say } from '../errors/said.ts';

/** Room left over for files and other writes while a download is under way. */
const MARGIN = 1.05;

/**
 * Throws QuotaExceededError when `bytes` more will not fit in what the browser lets this site store.
 * `deletable` is what other stored models take, which the message offers to free.
 */
export async function ensureRoom(
  bytes: number,
  name: string,
  deletable = 0,
  outcome: 'download' | 'index' | 'attach' = 'download',
): Promise<void> {
  if (!(bytes > 0) || typeof navigator === 'undefined' || !navigator.storage?.estimate) return;
  const { usage = 0, quota } = await navigator.storage.estimate();
  if (quota === undefined) return;
  const free = Math.max(0, quota - usage);
  if (bytes * MARGIN <= free) return;
  throw new QuotaExceededError(say('needsRoom', { name, need: bytes, free, deletable, outcome }), { needBytes: bytes, freeBytes: free });
}
