/**
 * Before a model is fetched: will it fit? Checked on the page with the catalog's size and what is
 * already stored of it (the worker checks again with the server's own size once it answers).
 */

import type { CachedModel, ModelSpec } from '../../shared/engine.ts';
import { downloadBytes } from '../../shared/models/catalog.ts';
import { ensureRoom } from '../../shared/store/storage-check.ts';

/** The stored files that serve `model`, if any. */
export function storedFor(model: ModelSpec, list: readonly CachedModel[] | null): CachedModel | undefined {
  return list?.find((c) => c.models.includes(model.id) || (model.engine === 'llama.cpp' && c.key === model.url));
}

/** Refuses `model` before any byte is fetched when what is left of it will not fit; `stored` is what is stored now. */
export async function checkRoom(model: ModelSpec, stored: readonly CachedModel[]): Promise<void> {
  const size = downloadBytes(model);
  if (!size) return;
  const mine = storedFor(model, stored);
  if (mine?.complete) return;
  const others = stored.filter((c) => c !== mine).reduce((n, c) => n + c.bytes, 0);
  await ensureRoom(size - (mine?.bytes ?? 0), model.name, others);
}
