/**
 * The runtime worker: hosts the local engines. The page reaches it only through comlink, and its API
 * is this file's `api` object: the page's bridge (page/bridge/worker-bridge.ts) wraps `WorkerApi`
 * generically. Methods made with job() take the page's id and a report callback first.
 */
import { expose } from 'comlink';
import '../shared/errors/error-transfer.ts';
import { probeDevice } from '../shared/device/probe.ts';
import type { ChunkText, DocumentRecord, Passage } from '../shared/documents/types.ts';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  EmbeddingModelSpec,
  EnginePreferences,
  LoadedModel,
  LoadProgress,
  ModelSpec,
  WorkerEvent,
} from '../shared/engine.ts';
import { InvalidRequestError } from '../shared/errors/errors.ts';
import { say } from '../shared/errors/said.ts';
import { watchPolicyBlocks } from '../shared/policy-blocks.ts';
import type { Embedded, IndexProgress, NewDocument } from '../shared/protocol.ts';
import type { WasmConfig } from '../shared/wasm/wasm-choice.ts';
import { DocumentIndex } from './documents/document-index.ts';
import type { Embedder } from './documents/embedder.ts';
import { workerEngineOf } from './engines/index.ts';
import { type Callback, cancelJob, job } from './host/jobs.ts';
import { deleteAllCachedModels, deleteCachedModel, listCachedModels } from './host/model-cache.ts';
import { ModelHost, storageKey } from './host/model-host.ts';
import { modelOfKey, repairModel } from './host/repair.ts';
import { workerSettings } from './host/settings.ts';

watchPolicyBlocks(self);

// Held until this worker dies, however it dies: the page waits on the same lock to notice.
const lockHeld = new Promise<void>((resolve) => {
  void navigator.locks.request(self.name, () => {
    resolve();
    return new Promise<never>(() => {});
  });
});

const host = new ModelHost();
// Embeddings have their own engine instances: indexing never unloads the chat model.
const embedders = new Map<EmbeddingModelSpec['engine'], Embedder>();
function embedderFor(model: EmbeddingModelSpec): Embedder {
  let embedder = embedders.get(model.engine);
  if (!embedder) {
    const make = workerEngineOf(model).embedder;
    if (!make) throw new InvalidRequestError(say('notEmbeddingModel', { name: model.name }));
    embedder = make();
    embedders.set(model.engine, embedder);
  }
  return embedder;
}
const documents = new DocumentIndex(embedderFor);

const api = {
  /** Resolves with this worker's build once the liveness lock is held, so the page can start waiting on it. */
  ready: (): Promise<string> => lockHeld.then(() => __INPAGE_BUILD__),

  /** What this device can run (WebGPU adapter, limits, memory, mobile). */
  probe: () => probeDevice(),

  load: job<LoadProgress, [ModelSpec, EnginePreferences & { takeOver?: boolean | undefined }], LoadedModel>((j, model, preferences) =>
    host.load(j, model, preferences),
  ),

  /** Downloads a model's files into this browser without loading it (to prepare for offline use); resolves with the bytes fetched. */
  download: job<LoadProgress, [ModelSpec], number>(({ signal, report }, model) =>
    host.whileHolding(storageKey(model), signal, report, (progress) =>
      workerEngineOf(model).download(model, { signal, onProgress: progress }),
    ),
  ),

  /** Fetches what a stored model (by its storage key) is missing or has wrong; resolves with the bytes fetched. */
  repair: job<LoadProgress, [string], number>(async ({ signal, report }, key) => {
    const model = await modelOfKey(key);
    return host.whileHolding(key, signal, report, (progress) => repairModel(model, { signal, onProgress: progress }));
  }),

  /** A reply from the loaded model; an abort resolves with what was written, finish_reason "abort". */
  chat: job<ChatCompletionChunk, [ChatRequest], ChatCompletion>(({ signal, report }, request) =>
    host.engine.chat(request, { signal, onChunk: report }),
  ),

  /** Vectors for `texts` from the embedding model (downloaded into this browser the first time), L2-normalized. */
  embed: job<LoadProgress, [EmbeddingModelSpec, string[]], Embedded>(
    async ({ signal, report }, model, texts) => {
      const embedder = embedderFor(model);
      await embedder.load(model, { signal, onProgress: report });
      return embedder.embed(texts, signal);
    },
    (result) => result.vectors.map((v) => v.buffer as ArrayBuffer),
  ),

  /** Embeds a document's chunks and stores them whole (or nothing, on any failure); resolves with its record. */
  indexDocument: job<IndexProgress, [EmbeddingModelSpec, NewDocument, ChunkText[]], DocumentRecord>(
    ({ signal, report }, model, document, chunks) => documents.index(model, document, chunks, { signal, onProgress: report }),
  ),

  /** The `k` passages of these documents nearest to `query`, best first. */
  searchDocuments: job<never, [EmbeddingModelSpec, string[], string, number], Passage[]>(({ signal }, model, documentIds, query, k) =>
    documents.search(model, documentIds, query, k, signal),
  ),

  deleteDocument: (documentId: string) => documents.remove(documentId),

  /** Settings the page gives once: where the WebAssembly builds are (the library build), which llama.cpp build runs, and threads. */
  configure({ wasmFiles, wasmBuild, threads }: WasmConfig): void {
    if (wasmFiles) workerSettings.wasmFiles = wasmFiles;
    if (wasmBuild) workerSettings.wasmBuild = wasmBuild;
    if (threads) workerSettings.threads = threads;
  },

  /** Registers the page's listener for events the worker reports on its own. */
  watch(callback: Callback<WorkerEvent>): void {
    host.watch(callback);
  },

  /** Cancels one job by the id the page gave it. */
  cancel: (id: string): void => cancelJob(id),

  interrupt: () => host.interrupt(),
  unload: () => host.unloadAll(),

  cachedModels: () => listCachedModels(),

  /** Deletes a model's files; a loaded model is unloaded first (llama.cpp reads its weights lazily). Resolves true if it was. */
  async deleteCachedModel(key: string): Promise<boolean> {
    const unload = host.isLoaded(key);
    if (unload) await host.unloadAll();
    await Promise.all([...embedders.values()].map((embedder) => embedder.unloadIf(key)));
    await deleteCachedModel(key);
    return unload;
  },

  /** Deletes every stored model; resolves true if a loaded one was unloaded for it. */
  async deleteAllCachedModels(): Promise<boolean> {
    const unload = host.isLoaded();
    await host.unloadAll();
    await Promise.all([...embedders.values()].map((embedder) => embedder.unload()));
    await deleteAllCachedModels();
    return unload;
  },
};

/** What the worker does for the page, as the page sees it through comlink. */
export type WorkerApi = typeof api;

expose(api);
