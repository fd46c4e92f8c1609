/** Every model stored in this browser, from every engine's store (see engines/index.ts): list, delete one, delete all. */
import type { CachedModel } from '../../shared/engine.ts';
import { WORKER_ENGINES, WORKER_KINDS } from '../engines/index.ts';
import { listStoredFiles } from '../store/model-store.ts';

export async function listCachedModels(): Promise<CachedModel[]> {
  const files = await listStoredFiles();
  return (await Promise.all(WORKER_KINDS.map((kind) => WORKER_ENGINES[kind].stored(files)))).flat();
}

/** Deletes the entry stored under `key`, by the engine that stored it; an unknown key deletes nothing. */
export async function deleteCachedModel(key: string): Promise<void> {
  const files = await listStoredFiles();
  for (const kind of WORKER_KINDS) {
    const row = WORKER_ENGINES[kind];
    if ((await row.stored(files)).some((entry) => entry.key === key)) return row.delete(key, files);
  }
}

export async function deleteAllCachedModels(): Promise<void> {
  for (const kind of WORKER_KINDS) await WORKER_ENGINES[kind].clear();
}
