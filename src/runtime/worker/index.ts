/** The runtime worker: hosts the local engines; the page reaches it only through comlink (see ../bridge.ts). */

import { expose, transfer } from 'comlink';
import { counting } from '../shared/ordered-stream.ts';
import type { WorkerApi } from '../shared/protocol.ts';
import '../shared/errors/error-transfer.ts';
import { probeDevice } from '../shared/device/probe.ts';
import type { ChunkText } from '../shared/documents/types.ts';
import type {
  ChatCompletionChunk,
  ChatRequest,
  EmbeddingModelSpec,
  EnginePreferences,
  LoadProgress,
  ModelSpec,
  WorkerEvent,
} from '../shared/engine.ts';
import { watchPolicyBlocks } from '../shared/policy-blocks.ts';
import type { WasmConfig } from '../shared/wasm/wasm-choice.ts';
import { DocumentIndex, type IndexProgress, type NewDocument } from './documents/document-index.ts';
import type { Embedder } from './documents/embedder.ts';
import { LlamaEmbedder } from './engines/llama-cpp/llama-embedder.ts';
import { llamaBackendFor, refuseWhereItCannotRun } from './engines/llama-cpp/llama-engine.ts';
import { OnnxEmbedder } from './engines/onnx/onnx-embedder.ts';
import { downloadMissing, resolveModelFiles } from './engines/web-llm/model-files.ts';
import { WebLLMEmbedder } from './engines/web-llm/webllm-embedder.ts';
import { deleteAllCachedModels, deleteCachedModel, listCachedModels } from './host/model-cache.ts';
import { type Callback, ModelHost, storageKey } from './host/model-host.ts';
import { modelOfKey, repairModel } from './host/repair.ts';
import { prepareModelFile } from './store/model-download.ts';

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
const llamaEmbedder = new LlamaEmbedder();
const webllmEmbedder = new WebLLMEmbedder();
const onnxEmbedder = new OnnxEmbedder();
const embedderFor = (model: EmbeddingModelSpec): Embedder =>
  model.engine === 'onnx' ? onnxEmbedder : model.engine === 'web-llm' ? webllmEmbedder : llamaEmbedder;
const documents = new DocumentIndex(embedderFor);

const api: WorkerApi = {
  /** Resolves with this worker's build once the liveness lock is held, so the page can start waiting on it. */
  ready: (): Promise<string> => lockHeld.then(() => __INPAGE_BUILD__),

  /** What this device can run (WebGPU adapter, limits, memory, mobile). */
  probe: () => probeDevice(),

  load(
    id: string,
    model: ModelSpec,
    preferences: EnginePreferences & { takeOver?: boolean | undefined },
    onProgress?: Callback<LoadProgress>,
  ) {
    return host.load(id, model, preferences, onProgress);
  },

  /** Downloads a model's files into this browser without loading it (to prepare for offline use). */
  download(id: string, model: ModelSpec, onProgress?: Callback<LoadProgress>): Promise<number> {
    return host.track(id, onProgress as Callback<never>, (signal) =>
      host.whileHolding(storageKey(model), signal, onProgress, async (progress) => {
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
    return host.track(id, onProgress as Callback<never>, async (signal) => {
      const model = await modelOfKey(key);
      return host.whileHolding(key, signal, onProgress, (progress) => repairModel(model, { signal, onProgress: progress }));
    });
  },

  chat(id: string, request: ChatRequest, onChunk?: Callback<ChatCompletionChunk>) {
    return host.track(id, onChunk as Callback<never>, (signal) =>
      counting(onChunk, (counted) => host.engine.chat(request, { signal, onChunk: counted })),
    );
  },

  /** Vectors for `texts` from the embedding model (downloaded into this browser the first time), L2-normalized. */
  embed(id: string, model: EmbeddingModelSpec, texts: string[], onProgress?: Callback<LoadProgress>) {
    return host.track(id, onProgress as Callback<never>, async (signal) => {
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
  indexDocument(id: string, model: EmbeddingModelSpec, document: NewDocument, chunks: ChunkText[], onProgress?: Callback<IndexProgress>) {
    return host.track(id, onProgress as Callback<never>, (signal) => documents.index(model, document, chunks, { signal, onProgress }));
  },

  /** The `k` passages of these documents nearest to `query`, best first. */
  searchDocuments(id: string, model: EmbeddingModelSpec, documentIds: string[], query: string, k: number) {
    return host.track(id, undefined, (signal) => documents.search(model, documentIds, query, k, signal));
  },

  deleteDocument: (documentId: string) => documents.remove(documentId),

  /** Settings the page gives once: where llama.cpp's WebAssembly builds are (the library build), which one to run, and its threads. */
  configure({ wasmFiles, wasmBuild, threads }: WasmConfig): void {
    for (const engine of [host.llama, llamaEmbedder]) {
      if (wasmFiles) engine.wasmFiles = wasmFiles;
      if (wasmBuild) engine.wasmChoice = wasmBuild;
    }
    if (wasmFiles) onnxEmbedder.wasmFiles = wasmFiles;
    if (threads) llamaEmbedder.threads = onnxEmbedder.threads = threads;
  },

  /** Registers the page's listener for events the worker reports on its own. */
  watch(callback: Callback<WorkerEvent>): void {
    host.watch(callback);
  },

  /** Cancels one load or chat by the id the page gave it. */
  cancel(id: string): void {
    host.cancel(id);
  },

  interrupt: () => host.interrupt(),
  unload: () => host.unloadAll(),

  cachedModels: () => listCachedModels(),

  /** Deletes a model's files; a loaded model is unloaded first (llama.cpp reads its weights lazily). Resolves true if it was. */
  async deleteCachedModel(key: string): Promise<boolean> {
    const unload = host.isLoaded(key);
    if (unload) await host.unloadAll();
    await Promise.all([llamaEmbedder.unloadIf(key), webllmEmbedder.unloadIf(key), onnxEmbedder.unloadIf(key)]);
    await deleteCachedModel(key);
    return unload;
  },

  /** Deletes every stored model; resolves true if a loaded one was unloaded for it. */
  async deleteAllCachedModels(): Promise<boolean> {
    const unload = host.isLoaded();
    await host.unloadAll();
    await Promise.all([llamaEmbedder.unload(), webllmEmbedder.unload(), onnxEmbedder.unload()]);
    await deleteAllCachedModels();
    return unload;
  },
};

expose(api satisfies WorkerApi);
