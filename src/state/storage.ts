/** How much this browser lets InPage store, and whether stored models are safe from eviction. */
import { signal } from '@preact/signals';

export const storageEstimate = signal<{ usage: number; quota: number } | null>(null);
/** null until asked; then whether the browser granted persistent storage. */
export const persisted = signal<boolean | null>(null);

export async function refreshStorage(): Promise<void> {
  try {
    const { usage = 0, quota } = (await navigator.storage?.estimate?.()) ?? {};
    storageEstimate.value = quota === undefined ? null : { usage, quota };
    persisted.value = (await navigator.storage?.persisted?.()) ?? null;
  } catch {
    storageEstimate.value = null;
  }
}

/** Asked once a model is stored: without it, the browser may evict gigabytes of weights when space runs low. */
export async function requestPersistence(): Promise<void> {
  if (persisted.value || !navigator.storage?.persist) return;
  try {
    persisted.value = await navigator.storage.persist();
  } catch {
    persisted.value = false;
  }
}
