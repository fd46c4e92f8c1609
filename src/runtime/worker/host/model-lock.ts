/**
 * One tab at a time downloads, loads or runs a given model: a Web Lock per model, held from the start
 * of a download until the model is unloaded (or the tab dies). Another tab waits for it, shows the
 * holder's progress (relayed over BroadcastChannel), and may take the model over, which makes the
 * holder let go of it.
 */
import type { LoadProgress } from '../../shared/engine.ts';
import { AbortError } from '../../shared/errors/errors.ts';

const channel = new BroadcastChannel('inpage-model-progress');

export interface HeldModel {
  key: string;
  release(): void;
  /** Resolves when another tab took the model over. */
  lost: Promise<void>;
}

function request(key: string, options: LockOptions): Promise<HeldModel | null> {
  return new Promise((resolve, reject) => {
    let release = () => {};
    let lose = () => {};
    const lost = new Promise<void>((r) => {
      lose = r;
    });
    let granted = false;
    navigator.locks
      .request(`inpage-model:${key}`, options, (lock) => {
        if (!lock) return resolve(null);
        granted = true;
        resolve({ key, release: () => release(), lost });
        return new Promise<void>((r) => {
          release = r;
        });
      })
      .catch((error: unknown) => {
        // Stolen after it was granted, or the wait was cancelled before.
        if (granted) lose();
        else reject(error instanceof Error && error.name === 'AbortError' ? new AbortError() : error);
      });
  });
}

/**
 * Holds `key` for this tab. When another tab holds it, reports that (with its progress) through
 * `onProgress` and waits, unless `takeOver`, which takes it at once.
 */
export async function holdModel(
  key: string,
  {
    signal,
    onProgress,
    takeOver = false,
  }: { signal: AbortSignal; onProgress?: ((p: LoadProgress) => void) | undefined; takeOver?: boolean },
): Promise<HeldModel> {
  if (takeOver) return (await request(key, { steal: true })) as HeldModel;
  const now = await request(key, { ifAvailable: true });
  if (now) return now;
  onProgress?.({ phase: 'other-tab', loadedBytes: 0, totalBytes: null });
  const relay = (event: MessageEvent<{ key: string; progress: LoadProgress }>) => {
    if (event.data.key === key) onProgress?.({ ...event.data.progress, phase: 'other-tab' });
  };
  channel.addEventListener('message', relay);
  try {
    return (await request(key, { signal })) as HeldModel;
  } finally {
    channel.removeEventListener('message', relay);
  }
}

/** Tells other tabs waiting for `key` how far this tab is. */
export function announceProgress(key: string, progress: LoadProgress): void {
  channel.postMessage({ key, progress });
}
