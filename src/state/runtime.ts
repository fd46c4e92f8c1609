import { signal } from '@preact/signals';
import { createSession } from '../runtime/index.ts';
import { chooseModel, type DeviceProbe, type ModelChoice } from '../runtime/shared/device/probe.ts';
import type { EnginePreferences, LoadedModel, LoadProgress, ModelSpec } from '../runtime/shared/engine.ts';
import { addressesOf } from '../runtime/shared/engines/index.ts';
import { codeOf, type ErrorCode, isAbortError, type NextStep } from '../runtime/shared/errors/errors.ts';
import { type Said, saidOf } from '../runtime/shared/errors/said.ts';
import { modelFromUrl, PHI3_MINI_Q4_GGUF } from '../runtime/shared/models/catalog.ts';
import { allowHost } from '../runtime/shared/store/allowed-hosts.ts';
import { isWasmChoice, type WasmBuildChoice, wasmChoiceSaid } from '../runtime/shared/wasm/wasm-choice.ts';
import { cloudRouteOptions, endpointChanges } from './cloud.ts';
import { embeddingModel } from './embedding-model.ts';
import { checkEviction, rememberStored } from './eviction.ts';
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

/** The runtime's core, shared with the library; these signals follow it. */
export const session = createSession({
  // ?threads= reaches embeddings too: a document may be indexed before the chat model is loaded.
  wasm: { wasmBuild: wasmChoice, threads: typeof location === 'undefined' ? undefined : preferencesFromLocation(location).threads },
  embeddingModel,
  cloud: cloudRouteOptions,
  model: () => selectedModel.value,
  preferences: () => preferences.value,
  loader: {
    onStart(model) {
      rate = rateTracker();
      loadedModel.value = null;
      status.value = { kind: 'loading', model, progress: null, rate: null };
    },
    onProgress(model, progress) {
      status.value = { kind: 'loading', model, progress, rate: rate(progress) };
    },
    onReady(loaded, steps) {
      loadedModel.value = loaded;
      status.value = { kind: 'ready', model: loaded };
      // Where this start went, for the bench and for DevTools' performance panel.
      performance.mark('inpage:ready', { detail: { page: steps, worker: loaded.loadSteps ?? {} } });
      void requestPersistence();
      void session.storage.list().then(rememberStored, () => {});
    },
    onForget() {
      loadedModel.value = null;
    },
    onError(model, error) {
      status.value = isAbortError(error)
        ? { kind: 'idle' }
        : { kind: 'error', model, said: saidOf(error), code: codeOf(error), alternatives: alternativesOf(error), error };
    },
  },
});
let rate = rateTracker();

// A new endpoint asks again, whatever conversations agreed to send to the old one.
endpointChanges.subscribe((n) => n && session.forgetConsent());

session.on('exit', (error) => {
  loadedModel.value = null;
  status.value = { kind: 'error', model: selectedModel.value, said: saidOf(error), alternatives: ['reload'] };
});
session.on('moved', (event) => {
  if (loadedModel.value?.id === event.modelId) {
    loadedModel.value = null;
    status.value = { kind: 'elsewhere', model: selectedModel.value };
  }
});

/** The model in the worker can no longer be trusted (a crash, a fatal error, a bench run): the next message loads again. */
export function forgetModel(): void {
  session.models.forget();
  loadedModel.value = null;
}

/** What to offer after a local failure: the engine's suggestions, and the cloud where the session's table would offer it. */
export const alternativesOf = (error: unknown): Alternative[] => session.nextSteps(error);

/** Asks the worker what this device can run and picks a model, unless one was already chosen. */
export async function chooseForDevice(): Promise<void> {
  try {
    const probe = await session.probe();
    deviceProbe.value = probe;
    void session.storage.list().then(checkEviction, () => {});
    const choice = chooseModel(probe);
    automaticChoice.value = choice;
    if (!chosenByUser.value && !session.models.loading) selectedModel.value = choice.model;
  } catch (error) {
    // Without a probe the CPU build stays selected; say why only if it matters later.
    console.warn('Device probe failed:', error);
  }
}

export function selectModel(model: ModelSpec): void {
  chosenByUser.value = true;
  selectedModel.value = model;
}

/**
 * Loads `model` once (see session/model-loader.ts), reporting through `status`; throws what failed.
 * `takeOver` takes it from another tab that holds it, instead of waiting.
 */
export async function loadModel(model: ModelSpec = selectedModel.value, { takeOver = false } = {}): Promise<LoadedModel> {
  selectedModel.value = model;
  try {
    return await session.models.load(model, { takeOver, preferences: preferences.value });
  } finally {
    storageVersion.value++;
    void refreshStorage();
  }
}

/** Loads on a press: a failure is shown in the status line (see the loader's hooks above), so it is not thrown again. */
export function loadOnPress(model?: ModelSpec, options?: { takeOver?: boolean }): void {
  loadModel(model, options).catch(() => {});
}

export function cancelLoad(): void {
  session.models.cancel();
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
export function modelByAddress(input: string, base: string, lib: string | null, mmproj: string | null = null): ModelSpec {
  const model = modelFromUrl(input, base, lib, mmproj);
  for (const address of addressesOf(model)) void allowHost(address);
  return model;
}

/** Reads `?model=` (and `&lib=` for an MLC mirror, `&mmproj=` for a vision model's projector): how demos share a model. A bad value is reported, not thrown. */
export function modelFromLocation(location: Location): ModelSpec | null {
  const params = new URLSearchParams(location.search);
  const value = params.get('model');
  if (!value) return null;
  try {
    return modelByAddress(value, location.href, params.get('lib'), params.get('mmproj'));
  } catch (error) {
    status.value = { kind: 'error', model: selectedModel.value, said: saidOf(error), alternatives: [] };
    return null;
  }
}
