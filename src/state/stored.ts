/** The models stored in this browser, as the worker reports them; refreshed when storage changes. */
import { effect, signal } from '@preact/signals';
import type { CachedModel } from '../runtime/engine.ts';
import { rememberStored } from './eviction.ts';
import { engine, loadedModel, status, storageVersion } from './runtime.ts';
import { refreshStorage } from './storage.ts';

export const storedModels = signal<CachedModel[] | null>(null);
export const storedProblem = signal<string | null>(null);
/** Lists are fetched only while something shows them. */
export const watchingStored = signal(0);

effect(() => {
  void storageVersion.value;
  if (watchingStored.value === 0) return;
  engine.cachedModels().then(
    (list) => {
      storedModels.value = list;
      storedProblem.value = null;
    },
    (error: Error) => (storedProblem.value = error.message),
  );
  void refreshStorage();
});

export { storedFor } from './preflight.ts';

/** Deletes one stored model (by key) or all (null); a loaded model among them is unloaded first. */
export async function deleteStored(key: string | null): Promise<void> {
  try {
    const unloaded = await (key === null ? engine.deleteAllCachedModels() : engine.deleteCachedModel(key));
    rememberStored(await engine.cachedModels());
    if (unloaded) {
      loadedModel.value = null;
      if (status.value.kind === 'ready') status.value = { kind: 'idle' };
    }
  } catch (error) {
    storedProblem.value = (error as Error).message;
  }
  storageVersion.value++;
}
