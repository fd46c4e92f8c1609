/** Downloading a model without loading it (from the models panel): one at a time, with speed and cancel. */

import { signal } from '@preact/signals';
import type { LoadProgress, ModelSpec } from '../runtime/shared/engine.ts';
import { isAbortError } from '../runtime/shared/errors/errors.ts';
import { type Said, saidOf } from '../runtime/shared/errors/said.ts';
import { rememberStored } from './eviction.ts';
import { rateTracker } from './rate.ts';
import { session, storageVersion } from './runtime.ts';
import { refreshStorage, requestPersistence } from './storage.ts';

export interface DownloadState {
  model: ModelSpec;
  progress: LoadProgress | null;
  /** Bytes per second since the download started. */
  rate: number | null;
  error: Said | null;
  done: boolean;
}

export const activeDownload = signal<DownloadState | null>(null);
let controller: AbortController | null = null;

export async function downloadModel(model: ModelSpec): Promise<void> {
  controller?.abort();
  const current = new AbortController();
  controller = current;
  const rate = rateTracker();
  activeDownload.value = { model, progress: null, rate: null, error: null, done: false };
  try {
    await session.storage.download(model, {
      signal: current.signal,
      onProgress: (progress) => {
        if (controller === current) activeDownload.value = { model, progress, rate: rate(progress), error: null, done: false };
      },
    });
    if (controller === current) activeDownload.value = { model, progress: null, rate: null, error: null, done: true };
    void session.storage.list().then(rememberStored, () => {});
    void requestPersistence();
  } catch (error) {
    if (controller !== current) return;
    activeDownload.value = isAbortError(error) ? null : { model, progress: null, rate: null, error: saidOf(error), done: false };
  } finally {
    if (controller === current) controller = null;
    storageVersion.value++;
    void refreshStorage();
  }
}

export function cancelDownload(): void {
  controller?.abort();
}
