/** The page side of the runtime worker: starts it lazily, talks comlink, and notices when it dies. */
import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import '../../shared/errors/error-transfer.ts';
import type { DeviceProbe } from '../../shared/device/probe.ts';
import type { ChunkText, DocumentRecord, Passage } from '../../shared/documents/types.ts';
import type {
  CachedModel,
  ChatCompletion,
  ChatEngine,
  ChatOptions,
  ChatRequest,
  EmbeddingModelSpec,
  LoadedModel,
  LoadOptions,
  ModelSpec,
  WorkerEvent,
} from '../../shared/engine.ts';
import { AbortError, WorkerCrashedError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { inOrder } from '../../shared/ordered-stream.ts';
import type { Embedded, IndexProgress, NewDocument, WorkerApi } from '../../shared/protocol.ts';
import type { WasmConfig } from '../../shared/wasm/wasm-choice.ts';
import type { WorkerStop } from '../../shared/words/en.ts';

/** A worker that has not answered by then never will (its module failed to load or run). */
const START_TIMEOUT_MS = 30_000;

interface Live {
  worker: Worker;
  api: Remote<WorkerApi>;
  /** Rejects with WorkerCrashedError when the worker dies; every call races it. */
  dead: Promise<never>;
}

export interface BridgeOptions {
  /** Called when the worker dies on its own (crash, out of memory, terminated from outside). */
  onExit?: (error: WorkerCrashedError) => void;
  /** Called when the worker reports something on its own (see WorkerEvent). */
  onEvent?: (event: WorkerEvent) => void;
  /** llama.cpp's WebAssembly builds, as the page resolved them (a consumer's bundler may have moved them), and which to run. */
  wasm?: WasmConfig | undefined;
}

export class WorkerBridge implements ChatEngine {
  private live: Live | null = null;
  private readonly options: BridgeOptions;

  constructor(options: BridgeOptions = {}) {
    this.options = options;
  }

  private start(): Live {
    if (this.live) return this.live;
    const name = `inpage-runtime-${crypto.randomUUID()}`;
    const worker = new Worker(new URL('../../worker/index.ts', import.meta.url), { type: 'module', name });
    const api = wrap<WorkerApi>(worker);
    let reject!: (error: Error) => void;
    const dead = new Promise<never>((_, r) => {
      reject = r;
    });
    dead.catch(() => {}); // observed by callers through race(); this keeps a quiet death unhandled-free
    const live: Live = { worker, api, dead };
    const { onEvent, wasm } = this.options;
    if (wasm) void api.configure(wasm).catch(() => {});
    if (onEvent) void api.watch(proxy(onEvent)).catch(() => {});
    const die = (why: WorkerStop, detail = '') => {
      if (this.live !== live) return;
      this.live = null;
      worker.terminate();
      api[releaseProxy]();
      const error = new WorkerCrashedError(say('workerStopped', { why, detail, page: __INPAGE_BUILD__ }));
      reject(error);
      this.options.onExit?.(error);
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      die('script', event.message);
    });
    worker.addEventListener('messageerror', () => die('unreadable-message'));
    const timer = setTimeout(() => die('no-start'), START_TIMEOUT_MS);
    Promise.race([api.ready(), dead])
      .then((build) => {
        clearTimeout(timer);
        // A worker from another version (a cache gone stale mid-update) must not run this page's requests.
        if (build !== __INPAGE_BUILD__) return die('version', String(build));
        // The worker holds this lock for life, so it is granted to us only once the worker is gone.
        return navigator.locks.request(name, () => die('ended'));
      })
      .catch(() => clearTimeout(timer));
    this.live = live;
    return live;
  }

  /** Runs a cancellable worker call: an abort of `signal` cancels the call by its id in the worker. */
  private async cancellable<T>(signal: AbortSignal | undefined, run: (api: Remote<WorkerApi>, id: string) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new AbortError();
    const { api, dead } = this.start();
    const id = crypto.randomUUID();
    const cancel = () => void api.cancel(id).catch(() => {});
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await Promise.race([run(api, id), dead]);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  load(model: ModelSpec, { onProgress, signal, device, threads, llama, takeOver }: LoadOptions = {}): Promise<LoadedModel> {
    return this.cancellable(signal, (api, id) =>
      api.load(id, model, { device, threads, llama, takeOver }, onProgress && proxy(onProgress)),
    );
  }

  /** Re-fetches what a stored model (by storage key) is missing or has wrong; resolves with the bytes fetched. */
  repair(key: string, { onProgress, signal }: Pick<LoadOptions, 'onProgress' | 'signal'> = {}): Promise<number> {
    return this.cancellable(signal, (api, id) => api.repair(id, key, onProgress && proxy(onProgress)));
  }

  /** Downloads a model into this browser without loading it; resolves with the bytes fetched (0 if all was stored). */
  download(model: ModelSpec, { onProgress, signal }: Pick<LoadOptions, 'onProgress' | 'signal'> = {}): Promise<number> {
    return this.cancellable(signal, (api, id) => api.download(id, model, onProgress && proxy(onProgress)));
  }

  async chat(request: ChatRequest, { onChunk, signal }: ChatOptions = {}): Promise<ChatCompletion> {
    const { api, dead } = this.start();
    const id = crypto.randomUUID();
    const cancel = () => void api.cancel(id).catch(() => {});
    // Settles after the last chunk, so nothing streams in after the result (see ordered-stream.ts).
    const reply = inOrder(onChunk, (counted) => api.chat(id, request, counted && proxy(counted)), dead);
    // After the call is posted, so the worker knows the id when the cancel arrives.
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await reply;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** Vectors for `texts` from the embedding model `model` (an ONNX, GGUF or MLC model, downloaded the first time). */
  embed(
    model: EmbeddingModelSpec,
    texts: string[],
    { onProgress, signal }: Pick<LoadOptions, 'onProgress' | 'signal'> = {},
  ): Promise<Embedded> {
    return this.cancellable(signal, (api, id) => api.embed(id, model, texts, onProgress && proxy(onProgress)));
  }

  indexDocument(
    model: EmbeddingModelSpec,
    document: NewDocument,
    chunks: ChunkText[],
    { onProgress, signal }: { onProgress?: ((p: IndexProgress) => void) | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<DocumentRecord> {
    return this.cancellable(signal, (api, id) => api.indexDocument(id, model, document, chunks, onProgress && proxy(onProgress)));
  }

  searchDocuments(model: EmbeddingModelSpec, documentIds: string[], query: string, k: number, signal?: AbortSignal): Promise<Passage[]> {
    return this.cancellable(signal, (api, id) => api.searchDocuments(id, model, documentIds, query, k));
  }

  deleteDocument(id: string): Promise<void> {
    return this.call((api) => api.deleteDocument(id));
  }

  async interrupt(): Promise<void> {
    const live = this.live;
    if (live) await Promise.race([live.api.interrupt(), live.dead]);
  }

  async unload(): Promise<void> {
    const live = this.live;
    if (live) await Promise.race([live.api.unload(), live.dead]);
  }

  /** Ends the worker now, without reporting it as a crash; a later call starts a new one. */
  terminate(): void {
    const live = this.live;
    if (!live) return;
    this.live = null;
    live.worker.terminate();
  }

  /** Runs one call on the worker (starting it if needed), failing at once if the worker dies. */
  private call<T>(run: (api: Remote<WorkerApi>) => Promise<T>): Promise<T> {
    const { api, dead } = this.start();
    return Promise.race([run(api), dead]);
  }

  /** What this device can run; probed in the worker, where the engines run. */
  probe(): Promise<DeviceProbe> {
    return this.call((api) => api.probe());
  }

  cachedModels(): Promise<CachedModel[]> {
    return this.call((api) => api.cachedModels());
  }

  /** Resolves true when the model was loaded and had to be unloaded first. */
  deleteCachedModel(key: string): Promise<boolean> {
    return this.call((api) => api.deleteCachedModel(key));
  }

  deleteAllCachedModels(): Promise<boolean> {
    return this.call((api) => api.deleteAllCachedModels());
  }
}
