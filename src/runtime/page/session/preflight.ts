/**
 * Before a model is fetched: will it fit? Checked on the page with the catalog's size and what is
 * already stored of it (the worker checks again with the server's own size once it answers).
 */

import type { CachedModel, ModelSpec } from '../../shared/engine.ts';
import { downloadBytes, storedFiles } from '../../shared/engines/index.ts';
import { ensureRoom } from '../../shared/store/storage-check.ts';

/** The stored files that serve `model`, if any. */
export const storedFor = (model: ModelSpec, list: readonly CachedModel[] | null): CachedModel | undefined =>
  list ? storedFiles(model, list)?.entry : undefined;

/** Refuses `model` before any byte is fetched when what is left of it will not fit; `stored` is what is stored now. */
export async function checkRoom(model: ModelSpec, stored: readonly CachedModel[]): Promise<void> {
  const size = downloadBytes(model);
  if (!size) return;
  const found = storedFiles(model, stored);
  if (found?.whole) return;
  const mine = found?.entry;
  const others = stored.filter((c) => c !== mine).reduce((n, c) => n + c.bytes, 0);
  await ensureRoom(size - (mine?.bytes ?? 0), model.name, others);
}
