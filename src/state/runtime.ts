import { signal } from '@preact/signals';
import { WorkerBridge } from '../runtime/bridge.ts';
import { DEFAULT_MODEL, modelFromUrl } from '../runtime/catalog.ts';
import type { EnginePreferences, LoadedModel, LoadProgress, ModelSpec } from '../runtime/engine.ts';
import { isAbortError } from '../runtime/errors.ts';

export type RuntimeStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; model: ModelSpec; progress: LoadProgress | null }
  | { kind: 'ready'; model: LoadedModel }
  | { kind: 'error'; model: ModelSpec; message: string };

export const status = signal<RuntimeStatus>({ kind: 'idle' });
/** The model the next message goes to; loaded on demand. */
export const selectedModel = signal<ModelSpec>(DEFAULT_MODEL);
export const loadedModel = signal<LoadedModel | null>(null);
/** `?device=cpu` and `?threads=N`: for a GPU that misbehaves, and for comparing backends. */
export const preferences = signal<EnginePreferences>({});

export const engine = new WorkerBridge({
  onExit: (error) => {
    loadedModel.value = null;
    status.value = { kind: 'error', model: selectedModel.value, message: error.message };
  },
});

let loading: { model: ModelSpec; controller: AbortController; done: Promise<LoadedModel | null> } | null = null;

/** Loads `model`, reporting through `status`; resolves null when it failed or was cancelled. */
export function loadModel(model: ModelSpec = selectedModel.value): Promise<LoadedModel | null> {
  if (loading?.model.id === model.id) return loading.done;
  loading?.controller.abort();
  selectedModel.value = model;
  loadedModel.value = null;
  const controller = new AbortController();
  status.value = { kind: 'loading', model, progress: null };
  const done = engine
    .load(model, {
      ...preferences.value,
      signal: controller.signal,
      onProgress: (progress) => {
        if (loading?.controller === controller) status.value = { kind: 'loading', model, progress };
      },
    })
    .then(
      (loaded) => {
        if (loading?.controller !== controller) return null;
        loadedModel.value = loaded;
        status.value = { kind: 'ready', model: loaded };
        return loaded;
      },
      (error: unknown) => {
        if (loading?.controller !== controller) return null;
        status.value = isAbortError(error)
          ? { kind: 'idle' }
          : { kind: 'error', model, message: error instanceof Error ? error.message : String(error) };
        return null;
      },
    )
    .finally(() => {
      if (loading?.controller === controller) loading = null;
    });
  loading = { model, controller, done };
  return done;
}

export function cancelLoad(): void {
  loading?.controller.abort();
}

export function preferencesFromLocation(location: Location): EnginePreferences {
  const params = new URLSearchParams(location.search);
  const threads = Number(params.get('threads'));
  return {
    device: params.get('device') === 'cpu' ? 'cpu' : 'auto',
    threads: Number.isInteger(threads) && threads >= 1 && threads <= 64 ? threads : undefined,
  };
}

/** Reads `?model=` (how demos share a model); a bad value is reported, not thrown. */
export function modelFromLocation(location: Location): ModelSpec | null {
  const value = new URLSearchParams(location.search).get('model');
  if (!value) return null;
  try {
    return modelFromUrl(value, location.href);
  } catch (error) {
    status.value = { kind: 'error', model: selectedModel.value, message: (error as Error).message };
    return null;
  }
}
