/** The runtime worker: hosts the local engines; the page reaches it only through comlink (see ../bridge.ts). */

import { expose, type Remote, releaseProxy, transfer } from 'comlink';
import { counting } from '../ordered-stream.ts';
import { say } from '../said.ts';
import '../error-transfer.ts';
import type { ChunkText } from '../documents/types.ts';
import type { ChatCompletionChunk, ChatEngine, ChatRequest, EnginePreferences, LoadProgress, ModelSpec, WorkerEvent } from '../engine.ts';
import { AbortError, ModelNotLoadedError } from '../errors.ts';
import { watchPolicyBlocks } from '../policy-blocks.ts';
import { probeDevice } from '../probe.ts';
import { stepTimer } from '../step-timer.ts';
import type { WasmConfig } from '../wasm-choice.ts';
import { DocumentIndex, type IndexProgress, type NewDocument } from './documents.ts';
import type { Embedder } from './embedder.ts';
import { LlamaEmbedder } from './llama-embedder.ts';
import { LlamaCppEngine, llamaBackendFor, refuseWhereItCannotRun } from './llama-engine.ts';
import { deleteAllCachedModels, deleteCachedModel, listCachedModels } from './model-cache.ts';
import { prepareModelFile } from './model-download.ts';
import { announceProgress, type HeldModel, holdModel } from './model-lock.ts';
import { modelOfKey, repairModel } from './repair.ts';
import { cacheKeyOf } from './webllm/cached-models.ts';
import { downloadMissing, resolveModelFiles } from './webllm/model-files.ts';
import { WebLLMEmbedder } from './webllm/webllm-embedder.ts';
import { WebLLMEngine } from './webllm/webllm-engine.ts';

watchPolicyBlocks(self);

// Held until this worker dies, however it dies: the page waits on the same lock to notice.
const lockHeld = new Promise<void>((resolve) => {
  void navigator.locks.request(self.name, () => {
    resolve();
    return new Promise<never>(() => {});
  });
});

const llama = new LlamaCppEngine();
const webllm = new WebLLMEngine();
// Embeddings have their own engine instances: indexing never unloads the chat model.
const llamaEmbedder = new LlamaEmbedder();
const webllmEmbedder = new WebLLMEmbedder();
const embedderFor = (model: ModelSpec): Embedder => (model.engine === 'web-llm' ? webllmEmbedder : llamaEmbedder);
const documents = new DocumentIndex(embedderFor);
let active: { engine: ChatEngine<never>; spec: ModelSpec } | null = null;
const operations = new Map<string, AbortController>();
let currentLoad: string | null = null;
/** The model this tab holds against other tabs (see model-lock.ts), and the page's ear for events. */
let held: HeldModel | null = null;
let listener: Callback<WorkerEvent> | undefined;

/** Makes this tab the one that holds `key`, waiting for (or taking it from) another tab. */
async function own(key: string, signal: AbortSignal, onProgress: Callback<LoadProgress> | undefined, takeOver = false): Promise<void> {
  if (held?.key === key) return;
  held?.release();
  held = null;
  const mine = await holdModel(key, { signal, onProgress, takeOver });
  if (signal.aborted) {
    mine.release();
    throw new AbortError();
  }
  held = mine;
  void mine.lost.then(async () => {
    if (held !== mine) return;
    held = null;
    // Another tab took this model over: stop what this tab does with it, and say so.
    if (currentLoad) operations.get(currentLoad)?.abort();
    if (active && storageKey(active.spec) === key) {
      const modelId = active.spec.id;
      await unloadAll();
      listener?.({ type: 'moved', modelId });
    }
  });
}

/** Runs a download of `key`'s files while this tab holds it; lets go after, unless the model is loaded here. */
async function whileHolding<T>(
  key: string,
  signal: AbortSignal,
  onProgress: Callback<LoadProgress> | undefined,
  run: (progress: Callback<LoadProgress>) => Promise<T>,
): Promise<T> {
  await own(key, signal, onProgress);
  try {
    return await run(relayed(key, onProgress));
  } finally {
    if (held?.key === key && !(active && storageKey(active.spec) === key)) {
      held.release();
      held = null;
    }
  }
}

/** Progress to the page, and to other tabs waiting for the same model. */
const relayed = (key: string, onProgress?: Callback<LoadProgress>) => (progress: LoadProgress) => {
  onProgress?.(progress);
  if (progress.phase !== 'other-tab') announceProgress(key, progress);
};

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

/** The key under which a spec's files are stored, as listCachedModels reports it. */
const storageKey = (spec: ModelSpec) => (spec.engine === 'web-llm' ? cacheKeyOf(spec) : spec.url);

async function unloadAll(): Promise<void> {
  active = null;
  held?.release();
  held = null;
  await Promise.all([llama.unload(), webllm.unload()]);
}

const api = {
  /** Resolves with this worker's build once the liveness lock is held, so the page can start waiting on it. */
  ready: (): Promise<string> => lockHeld.then(() => __INPAGE_BUILD__),

  /** What this device can run (WebGPU adapter, limits, memory, mobile). */
  probe: () => probeDevice(),

  load(
    id: string,
    model: ModelSpec,
    { takeOver, ...preferences }: EnginePreferences & { takeOver?: boolean | undefined },
    onProgress?: Callback<LoadProgress>,
  ) {
    if (currentLoad) operations.get(currentLoad)?.abort();
    currentLoad = id;
    return track(id, onProgress as Callback<never>, async (signal) => {
      const timer = stepTimer();
      // One model in memory at a time: the other engine gives its memory back first.
      await unloadAll();
      const key = storageKey(model);
      await own(key, signal, onProgress, takeOver);
      timer.step('lock');
      const options = { ...preferences, signal, onProgress: relayed(key, onProgress) };
      try {
        const loaded = model.engine === 'web-llm' ? await webllm.load(model, options) : await llama.load(model, options);
        active = { engine: (model.engine === 'web-llm' ? webllm : llama) as ChatEngine<never>, spec: model };
        return { ...loaded, loadSteps: { ...timer.steps, ...loaded.loadSteps } };
      } catch (error) {
        // Another tab may have better luck (or the user there may want to try): let go.
        if (held?.key === key) {
          held.release();
          held = null;
        }
        throw error;
      }
    }).finally(() => {
      if (currentLoad === id) currentLoad = null;
    });
  },

  /** Downloads a model's files into this browser without loading it (to prepare for offline use). */
  download(id: string, model: ModelSpec, onProgress?: Callback<LoadProgress>): Promise<number> {
    return track(id, onProgress as Callback<never>, (signal) =>
      whileHolding(storageKey(model), signal, onProgress, async (progress) => {
        if (model.engine === 'llama.cpp')
          return prepareModelFile(model, {
            signal,
            onProgress: progress,
            accept: refuseWhereItCannotRun(model, await llamaBackendFor('auto')),
          });
        return downloadMissing(model, await resolveModelFiles(model, signal), { signal, onProgress: progress });
      }),
    );
  },

  /** Fetches what a stored model (by its storage key) is missing or has wrong; resolves with the bytes fetched. */
  repair(id: string, key: string, onProgress?: Callback<LoadProgress>): Promise<number> {
    return track(id, onProgress as Callback<never>, async (signal) => {
      const model = await modelOfKey(key);
      return whileHolding(key, signal, onProgress, (progress) => repairModel(model, { signal, onProgress: progress }));
    });
  },

  chat(id: string, request: ChatRequest, onChunk?: Callback<ChatCompletionChunk>) {
    return track(id, onChunk as Callback<never>, (signal) =>
      counting(onChunk, (counted) => {
        if (!active) throw new ModelNotLoadedError(say('noModelLoaded'));
        return active.engine.chat(request, { signal, onChunk: counted });
      }),
    );
  },

  /** Vectors for `texts` from the embedding model (downloaded into this browser the first time), L2-normalized. */
  embed(id: string, model: ModelSpec, texts: string[], onProgress?: Callback<LoadProgress>) {
    return track(id, onProgress as Callback<never>, async (signal) => {
      const embedder = embedderFor(model);
      await embedder.load(model, { signal, onProgress });
      const result = await embedder.embed(texts, signal);
      return transfer(
        result,
        result.vectors.map((v) => v.buffer as ArrayBuffer),
      );
    });
  },

  /** Embeds a document's chunks and stores them whole (or nothing, on any failure); resolves with its record. */
  indexDocument(id: string, model: ModelSpec, document: NewDocument, chunks: ChunkText[], onProgress?: Callback<IndexProgress>) {
    return track(id, onProgress as Callback<never>, (signal) => documents.index(model, document, chunks, { signal, onProgress }));
  },

  /** The `k` passages of these documents nearest to `query`, best first. */
  searchDocuments(id: string, model: ModelSpec, documentIds: string[], query: string, k: number) {
    return track(id, undefined, (signal) => documents.search(model, documentIds, query, k, signal));
  },

  deleteDocument: (documentId: string) => documents.remove(documentId),

  /** Settings the page gives once: where llama.cpp's WebAssembly builds are (the library build), and which one to run. */
  configure({ wasmFiles, wasmBuild }: WasmConfig): void {
    for (const engine of [llama, llamaEmbedder]) {
      if (wasmFiles) engine.wasmFiles = wasmFiles;
      if (wasmBuild) engine.wasmChoice = wasmBuild;
    }
  },

  /** Registers the page's listener for events the worker reports on its own. */
  watch(callback: Callback<WorkerEvent>): void {
    listener = callback;
  },

  /** Cancels one load or chat by the id the page gave it. */
  cancel(id: string): void {
    operations.get(id)?.abort();
  },

  interrupt: () => active?.engine.interrupt(),
  unload: () => unloadAll(),

  cachedModels: () => listCachedModels(),

  /** Deletes a model's files; a loaded model is unloaded first (llama.cpp reads its weights lazily). Resolves true if it was. */
  async deleteCachedModel(key: string): Promise<boolean> {
    const unload = active !== null && storageKey(active.spec) === key;
    if (unload) await unloadAll();
    await Promise.all([llamaEmbedder.unloadIf(key), webllmEmbedder.unloadIf(key)]);
    await deleteCachedModel(key);
    return unload;
  },

  /** Deletes every stored model; resolves true if a loaded one was unloaded for it. */
  async deleteAllCachedModels(): Promise<boolean> {
    const unload = active !== null;
    await unloadAll();
    await Promise.all([llamaEmbedder.unload(), webllmEmbedder.unload()]);
    await deleteAllCachedModels();
    return unload;
  },
};

export type WorkerApi = typeof api;
expose(api);
