/**
 * Noticing that the browser cleared stored models between visits (or during one): the models that
 * were complete are remembered outside IndexedDB, and compared with what is there at start.
 */
import { signal } from '@preact/signals';
import type { CachedModel } from '../runtime/shared/engine.ts';

const KEY = 'inpage:stored-models';

interface Remembered {
  key: string;
  name: string;
  bytes: number;
}

/** Models the browser removed since they were stored; shown until dismissed. */
export const evicted = signal<Remembered[]>([]);

function read(): Remembered[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((r): r is Remembered => typeof r?.key === 'string' && typeof r?.name === 'string') : [];
  } catch {
    return [];
  }
}

function write(list: Remembered[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Without localStorage there is nothing to compare with next time; nothing breaks.
  }
}

/** Records what is stored now, after a download, a load or a delete the app made itself. */
export function rememberStored(list: readonly CachedModel[]): void {
  write(list.filter((c) => c.complete && c.kind !== 'library').map((c) => ({ key: c.key, name: c.name, bytes: c.bytes })));
}

/** Compares what is stored with what was; what is gone was evicted. */
export function checkEviction(list: readonly CachedModel[]): void {
  const gone = read().filter((r) => !list.some((c) => c.key === r.key && c.complete));
  if (gone.length) evicted.value = [...evicted.value.filter((e) => !gone.some((g) => g.key === e.key)), ...gone];
  rememberStored(list);
}
