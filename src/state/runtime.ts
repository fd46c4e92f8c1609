import { signal } from '@preact/signals';
import { WorkerBridge } from '../runtime/bridge.ts';
import { modelFromUrl, PHI3_MINI_Q4_GGUF } from '../runtime/catalog.ts';
import type { EnginePreferences, LoadedModel, LoadProgress, ModelSpec } from '../runtime/engine.ts';
import { cannotRunLocally, codeOf, type ErrorCode, InPageError, isAbortError, type NextStep } from '../runtime/errors.ts';
import { chooseModel, type DeviceProbe, type ModelChoice } from '../runtime/probe.ts';
import { type Said, saidOf } from '../runtime/said.ts';
import { stepTimer } from '../runtime/step-timer.ts';
import { allowHost } from '../runtime/store/allowed-hosts.ts';
import { isWasmChoice, type WasmBuildChoice, wasmChoiceSaid } from '../runtime/wasm-choice.ts';
import { cloudSettings } from './cloud.ts';
import { checkEviction, rememberStored } from './eviction.ts';
import { checkRoom } from './preflight.ts';
import { rateTracker } from './rate.ts';
import { refreshStorage, requestPersistence } from './storage.ts';

/** What an error suggests doing instead; see alternatives.ts. */
export type Alternative = NextStep;

export type RuntimeStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; model: ModelSpec; progress: LoadProgress | null; rate: number | null }
  | { kind: 'ready'; model: LoadedModel }
  /** Another tab took this model over; "Use it here" takes it back. */
  | { kind: 'elsewhere'; model: ModelSpec }
  /** `said`: what went wrong, worded by the UI in the user's language. */
  | { kind: 'error'; model: ModelSpec; said: Said; code?: ErrorCode | undefined; alternatives: Alternative[]; error?: unknown };

export const status = signal<RuntimeStatus>({ kind: 'idle' });
/** The model the next message goes to; loaded on demand. Until the probe answers, the CPU build of Phi-3. */
export const selectedModel = signal<ModelSpec>(PHI3_MINI_Q4_GGUF);
/** True once the user (or a ?model= link) picked a model: the automatic choice then stays out of the way. */
export const chosenByUser = signal(false);
export const loadedModel = signal<LoadedModel | null>(null);
export const deviceProbe = signal<DeviceProbe | null>(null);
export const automaticChoice = signal<ModelChoice | null>(null);
/** `?device=cpu` and `?threads=N`: for a GPU that misbehaves, and for comparing backends. */
export const preferences = signal<EnginePreferences>({});
/** Bumped when stored models change, so lists of them refresh. */
export const storageVersion = signal(0);

/** `?wasm=default|compat`: which llama.cpp build runs (tests, comparisons); a bad value is said in the status line. */
const wasmParam = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('wasm');
export const wasmProblem = wasmChoiceSaid(wasmParam ?? undefined, '?wasm=');
export const wasmChoice: WasmBuildChoice = isWasmChoice(wasmParam) ? wasmParam : 'auto';

export const engine = new WorkerBridge({
  wasm: { wasmBuild: wasmChoice },
  onExit: (error) => {
    loadedModel.value = null;
    status.value = { kind: 'error', model: selectedModel.value, said: saidOf(error), alternatives: ['reload'] };
  },
  onEvent: (event) => {
    if (event.type === 'moved' && loadedModel.value?.id === event.modelId) {
      loadedModel.value = null;
      status.value = { kind: 'elsewhere', model: selectedModel.value };
    }
  },
});

/** What to offer after a local failure: the engine's suggestions, and the cloud where the local model cannot run and the user allows it. */
export function alternativesOf(error: unknown): Alternative[] {
  const kinds = (error instanceof InPageError ? (error.details.nextSteps ?? []) : []).filter((k) => k !== 'cloud');
  return cannotRunLocally(error) && cloudSettings.value.policy !== 'never' ? [...kinds, 'cloud'] : kinds;
}

/** Asks the worker what this device can run and picks a model, unless one was already chosen. */
export async function chooseForDevice(): Promise<void> {
  try {
    const probe = await engine.probe();
    deviceProbe.value = probe;
    void engine.cachedModels().then(checkEviction, () => {});
    const choice = chooseModel(probe);
    automaticChoice.value = choice;
    if (!chosenByUser.value && !loading) selectedModel.value = choice.model;
  } catch (error) {
    // Without a probe the CPU build stays selected; say why only if it matters later.
    console.warn('Device probe failed:', error);
  }
}

export function selectModel(model: ModelSpec): void {
  chosenByUser.value = true;
  selectedModel.value = model;
}

let loading: { model: ModelSpec; controller: AbortController; done: Promise<LoadedModel | null> } | null = null;

/**
 * Loads `model`, reporting through `status`; resolves null when it failed or was cancelled.
 * `takeOver` takes it from another tab that holds it, instead of waiting for that tab.
 */
export function loadModel(model: ModelSpec = selectedModel.value, { takeOver = false } = {}): Promise<LoadedModel | null> {
  if (loading?.model.id === model.id && !takeOver) return loading.done;
  loading?.controller.abort();
  selectedModel.value = model;
  loadedModel.value = null;
  const controller = new AbortController();
  const rate = rateTracker();
  status.value = { kind: 'loading', model, progress: null, rate: null };
  const timer = stepTimer();
  const done = engine
    .cachedModels()
    .catch(() => [])
    .then((stored) => {
      timer.step('list');
      return checkRoom(model, stored);
    })
    .then(() => {
      timer.step('preflight');
      return engine.load(model, {
        ...preferences.value,
        takeOver,
        signal: controller.signal,
        onProgress: (progress) => {
          if (loading?.controller === controller) status.value = { kind: 'loading', model, progress, rate: rate(progress) };
        },
      });
    })
    .then(
      (loaded) => {
        if (loading?.controller !== controller) return null;
        timer.step('load');
        // Where this start went, for the bench and for DevTools' performance panel.
        performance.mark('inpage:ready', { detail: { page: timer.steps, worker: loaded.loadSteps ?? {} } });
        loadedModel.value = loaded;
        status.value = { kind: 'ready', model: loaded };
        void requestPersistence();
        void engine.cachedModels().then(rememberStored, () => {});
        return loaded;
      },
      (error: unknown) => {
        if (loading?.controller !== controller) return null;
        status.value = isAbortError(error)
          ? { kind: 'idle' }
          : {
              kind: 'error',
              model,
              said: saidOf(error),
              code: codeOf(error),
              alternatives: alternativesOf(error),
              error,
            };
        return null;
      },
    )
    .finally(() => {
      if (loading?.controller === controller) loading = null;
      storageVersion.value++;
      void refreshStorage();
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

/** A model the user gave by address; its hosts join those the security policy allows (see src/sw/sw.ts). */
export function modelByAddress(input: string, base: string, lib: string | null): ModelSpec {
  const model = modelFromUrl(input, base, lib);
  void allowHost(model.url);
  if (model.engine === 'web-llm') void allowHost(model.modelLib);
  return model;
}

/** Reads `?model=` (and `&lib=` for an MLC mirror): how demos share a model. A bad value is reported, not thrown. */
export function modelFromLocation(location: Location): ModelSpec | null {
  const params = new URLSearchParams(location.search);
  const value = params.get('model');
  if (!value) return null;
  try {
    return modelByAddress(value, location.href, params.get('lib'));
  } catch (error) {
    status.value = { kind: 'error', model: selectedModel.value, said: saidOf(error), alternatives: [] };
    return null;
  }
}
