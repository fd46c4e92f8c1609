import type { LoadProgress } from '../runtime/shared/engine.ts';

/** Bytes per second from the first progress report to now, once a second has passed. */
export function rateTracker() {
  let start: { at: number; bytes: number } | null = null;
  return (progress: LoadProgress): number | null => {
    const now = performance.now();
    if (!start || progress.phase !== 'download') {
      start = progress.phase === 'download' ? { at: now, bytes: progress.loadedBytes } : null;
      return null;
    }
    const seconds = (now - start.at) / 1000;
    return seconds >= 1 ? (progress.loadedBytes - start.bytes) / seconds : null;
  };
}
