/** The models stored in this browser, as the worker reports them; refreshed when storage changes. */

import { effect, signal } from '@preact/signals';
import type { CachedModel, LoadProgress } from '../runtime/shared/engine.ts';
import { type Said, saidOf } from '../runtime/shared/errors/said.ts';
import { rememberStored } from './eviction.ts';
import { session, status, storageVersion } from './runtime.ts';
import { refreshStorage } from './storage.ts';

export const storedModels = signal<CachedModel[] | null>(null);
export const storedProblem = signal<Said | null>(null);
/** Lists are fetched only while something shows them. */
export const watchingStored = signal(0);

effect(() => {
  void storageVersion.value;
  if (watchingStored.value === 0) return;
  session.storage.list().then(
    (list) => {
      storedModels.value = list;
      storedProblem.value = null;
    },
    (error: Error) => (storedProblem.value = saidOf(error)),
  );
  void refreshStorage();
});

export { storedFor } from '../runtime/page/session/preflight.ts';

/** A repair under way (its storage key and progress), or its outcome. */
export const repair = signal<{ key: string; progress: LoadProgress | null; done: boolean; error: Said | null } | null>(null);

/** Fetches only what a stored model is missing or has wrong. */
export async function repairStored(key: string): Promise<void> {
  repair.value = { key, progress: null, done: false, error: null };
  try {
    await session.storage.repair(key, { onProgress: (progress) => (repair.value = { key, progress, done: false, error: null }) });
    repair.value = { key, progress: null, done: true, error: null };
    rememberStored(await session.storage.list());
  } catch (error) {
    repair.value = { key, progress: null, done: false, error: saidOf(error) };
  }
  storageVersion.value++;
}

/** Deletes one stored model (by key) or all (null); a loaded model among them is unloaded first. */
export async function deleteStored(key: string | null): Promise<void> {
  try {
    // A loaded model among them was unloaded first; the session forgot it (and so did loadedModel).
    const unloaded = await session.storage.delete(key);
    rememberStored(await session.storage.list());
    if (unloaded && status.value.kind === 'ready') status.value = { kind: 'idle' };
  } catch (error) {
    storedProblem.value = saidOf(error);
  }
  storageVersion.value++;
}
