/**
 * The model on this device, loaded once: a second request for the same model waits for the same
 * load; a request for another model cancels the load under way; a failure is forgotten, so the next
 * request tries again; a finished load is kept until forgotten (unload, deletion, a crash, another tab).
 */

import type { EnginePreferences, LoadedModel, LoadProgress, ModelSpec } from '../../shared/engine.ts';
import { stepTimer } from '../../shared/step-timer.ts';
import type { WorkerBridge } from '../bridge/worker-bridge.ts';
import { checkRoom } from './preflight.ts';

export interface ModelLoadOptions {
  /** Take the model from another tab that holds it, instead of waiting for that tab (always loads again). */
  takeOver?: boolean;
  /** Load again even when this model is loaded (with other preferences: the device bench). */
  reload?: boolean;
  /** Cancels this load (and so every request waiting on it). */
  signal?: AbortSignal | undefined;
  preferences?: EnginePreferences;
}

export interface LoaderHooks {
  onStart?(model: ModelSpec): void;
  onProgress?(model: ModelSpec, progress: LoadProgress): void;
  /** `steps`: where the load went on the page (list, preflight, load), in ms. */
  onReady?(loaded: LoadedModel, steps: Record<string, number>): void;
  /** A load that failed or was cancelled; not called for one replaced by a newer load. */
  onError?(model: ModelSpec, error: unknown): void;
  /** The loaded model is forgotten (unloaded, deleted, crashed, broken, taken by another tab): the next request loads again. */
  onForget?(): void;
}

export interface ModelLoader {
  load(model: ModelSpec, options?: ModelLoadOptions): Promise<LoadedModel>;
  /** The loaded model, while its load is remembered. */
  readonly current: LoadedModel | null;
  /** The model being loaded, if any. */
  readonly loading: ModelSpec | null;
  cancel(): void;
  /** The next request loads again. */
  forget(): void;
}

interface Attempt {
  model: ModelSpec;
  controller: AbortController;
  done: Promise<LoadedModel>;
  loaded: LoadedModel | null;
}

export function createModelLoader(bridge: WorkerBridge, hooks: LoaderHooks = {}): ModelLoader {
  let attempt: Attempt | null = null;

  function load(
    model: ModelSpec,
    { takeOver = false, reload = false, signal, preferences = {} }: ModelLoadOptions = {},
  ): Promise<LoadedModel> {
    if (attempt?.model.id === model.id && !takeOver && !reload) return attempt.done;
    attempt?.controller.abort();
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    const mine: Attempt = { model, controller, done: null as unknown as Promise<LoadedModel>, loaded: null };
    attempt = mine;
    hooks.onStart?.(model);
    const timer = stepTimer();
    mine.done = (async () => {
      const stored = await bridge.call('cachedModels').catch(() => []);
      timer.step('list');
      // Refused before any byte is fetched when what is left of it will not fit.
      await checkRoom(model, stored);
      timer.step('preflight');
      const loaded = await bridge.run('load', [model, { ...preferences, takeOver }], {
        signal: controller.signal,
        onReport: (progress) => {
          if (attempt === mine) hooks.onProgress?.(model, progress);
        },
      });
      timer.step('load');
      return loaded;
    })();
    mine.done.then(
      (loaded) => {
        if (attempt !== mine) return;
        mine.loaded = loaded;
        hooks.onReady?.(loaded, timer.steps);
      },
      (error: unknown) => {
        if (attempt !== mine) return;
        attempt = null; // the next request tries again
        hooks.onError?.(model, error);
      },
    );
    return mine.done;
  }

  return {
    load,
    get current() {
      return attempt?.loaded ?? null;
    },
    get loading() {
      return attempt && !attempt.loaded ? attempt.model : null;
    },
    cancel() {
      if (attempt && !attempt.loaded) attempt.controller.abort();
    },
    forget() {
      attempt = null;
      hooks.onForget?.();
    },
  };
}
