/** The runtime worker: hosts the local engines; the page reaches it only through comlink (see ../bridge.ts). */
import { expose, type Remote, releaseProxy } from 'comlink';
import '../error-transfer.ts';
import type { ChatCompletionChunk, ChatRequest, EnginePreferences, LoadProgress, ModelSpec } from '../engine.ts';
import { LlamaCppEngine } from './llama-engine.ts';

// Held until this worker dies, however it dies: the page waits on the same lock to notice.
const lockHeld = new Promise<void>((resolve) => {
  void navigator.locks.request(self.name, () => {
    resolve();
    return new Promise<never>(() => {});
  });
});

const engine = new LlamaCppEngine();
const operations = new Map<string, AbortController>();
let currentLoad: string | null = null;

/** A page callback passed with comlink's proxy(): plain to the caller, a port to release here. */
type Callback<T> = (value: T) => void;

async function track<T>(id: string, callback: Callback<never> | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  operations.set(id, controller);
  try {
    return await run(controller.signal);
  } finally {
    operations.delete(id);
    (callback as Remote<Callback<never>> | undefined)?.[releaseProxy]();
  }
}

const api = {
  /** Resolves once the liveness lock is held, so the page can start waiting on it. */
  ready: (): Promise<void> => lockHeld,

  load(id: string, model: ModelSpec, preferences: EnginePreferences, onProgress?: Callback<LoadProgress>) {
    if (currentLoad) operations.get(currentLoad)?.abort();
    currentLoad = id;
    return track(id, onProgress as Callback<never>, (signal) => engine.load(model, { ...preferences, signal, onProgress })).finally(() => {
      if (currentLoad === id) currentLoad = null;
    });
  },

  chat(id: string, request: ChatRequest, onChunk?: Callback<ChatCompletionChunk>) {
    return track(id, onChunk as Callback<never>, (signal) => engine.chat(request, { signal, onChunk }));
  },

  /** Cancels one load or chat by the id the page gave it. */
  cancel(id: string): void {
    operations.get(id)?.abort();
  },

  interrupt: () => engine.interrupt(),
  unload: () => engine.unload(),
};

export type WorkerApi = typeof api;
expose(api);
