/** Refusing a download that cannot fit, before it starts, instead of failing at 90%. */
import { formatBytes } from './bytes.ts';
import { QuotaExceededError } from './errors.ts';

/** Room left over for files and other writes while a download is under way. */
const MARGIN = 1.05;

/**
 * Throws QuotaExceededError when `bytes` more will not fit in what the browser lets this site store.
 * `deletable` is what other stored models take, which the message offers to free.
 */
export async function ensureRoom(bytes: number, name: string, deletable = 0, outcome = 'nothing was downloaded'): Promise<void> {
  if (!(bytes > 0) || !navigator.storage?.estimate) return;
  const { usage = 0, quota } = await navigator.storage.estimate();
  if (quota === undefined) return;
  const free = Math.max(0, quota - usage);
  if (bytes * MARGIN <= free) return;
  throw new QuotaExceededError(
    `${name} needs ${formatBytes(bytes)}, but this browser lets InPage store only ${formatBytes(free)} more, so ${outcome}. ` +
      (deletable > 0
        ? `Other models stored here take ${formatBytes(deletable)}: delete the ones you no longer need (Models), or free up disk space, then try again.`
        : 'Free up disk space, then try again.'),
    { needBytes: bytes, freeBytes: free },
  );
}
