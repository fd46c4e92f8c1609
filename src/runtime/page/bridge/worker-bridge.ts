/**
 * The page side of the runtime worker, for any of its methods: starts it lazily, talks comlink,
 * cancels a job by its id when the caller's signal aborts, settles a job only after its last report
 * (ordered-stream.ts), and notices when the worker dies. The methods are the worker's own (`WorkerApi`).
 */
import { proxy, type Remote, releaseProxy, transfer, wrap } from 'comlink';
import '../../shared/errors/error-transfer.ts';
import type { WorkerEvent } from '../../shared/engine.ts';
import { AbortError, WorkerCrashedError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { type Counted, inOrder, type Reports } from '../../shared/ordered-stream.ts';
import type { WasmConfig } from '../../shared/wasm/wasm-choice.ts';
import type { WorkerStop } from '../../shared/words/en.ts';
import type { WorkerApi } from '../../worker/index.ts';

/** A worker that has not answered by then never will (its module failed to load or run). */
const START_TIMEOUT_MS = 30_000;

type Api = WorkerApi;
/** Methods made with the worker's job(): `(id, reports, ...args) => Counted<result>`. */
export type JobMethod = {
  [K in keyof Api]: Api[K] extends (id: string, reports: never, ...args: never[]) => Promise<Counted<unknown>> ? K : never;
}[keyof Api];
/** Every other method: called as it is. */
export type PlainMethod = Exclude<keyof Api, JobMethod | 'ready' | 'watch' | 'configure' | 'cancel'>;

type JobParts<K extends JobMethod> = Api[K] extends (
  id: string,
  reports: Reports<infer R> | undefined,
  ...args: infer A
) => Promise<Counted<infer T>>
  ? { report: R; args: A; result: T }
  : never;
export type JobArgs<K extends JobMethod> = JobParts<K>['args'];
export type JobReport<K extends JobMethod> = JobParts<K>['report'];
export type JobResult<K extends JobMethod> = JobParts<K>['result'];

export interface JobOptions<R> {
  /** Cancels the job in the worker. */
  signal?: AbortSignal | undefined;
  /** Each report, in order; none after the job settles. */
  onReport?: ((value: R) => void) | undefined;
}

interface Live {
  worker: Worker;
  api: Remote<Api>;
  /** Rejects with WorkerCrashedError when the worker dies; every call races it. */
  dead: Promise<never>;
}

export interface BridgeOptions {
  /** Called when the worker dies on its own (crash, out of memory, terminated from outside). */
  onExit?: (error: WorkerCrashedError) => void;
  /** Called when the worker reports something on its own (see WorkerEvent). */
  onEvent?: (event: WorkerEvent) => void;
  /** The WebAssembly builds, as the page resolved them (a consumer's bundler may have moved them), which to run, and threads. */
  wasm?: WasmConfig | undefined;
}

export class WorkerBridge {
  private live: Live | null = null;
  private readonly options: BridgeOptions;

  constructor(options: BridgeOptions = {}) {
    this.options = options;
  }

  /** Runs the job `method` in the worker (starting it if needed); `signal` cancels it there, `onReport` hears its reports. */
  async run<K extends JobMethod>(method: K, args: JobArgs<K>, { signal, onReport }: JobOptions<JobReport<K>> = {}): Promise<JobResult<K>> {
    if (signal?.aborted) throw new AbortError();
    const { api, dead } = this.start();
    const id = crypto.randomUUID();
    const call = api[method] as unknown as (
      id: string,
      reports: MessagePort | undefined,
      ...args: unknown[]
    ) => Promise<Counted<JobResult<K>>>;
    let port: MessagePort | undefined;
    const reply = inOrder(
      onReport,
      (counted) => {
        if (!counted) return call(id, undefined, ...args);
        const channel = new MessageChannel();
        port = channel.port1;
        port.onmessage = (event: MessageEvent<JobReport<K>>) => counted(event.data);
        return call(id, transfer(channel.port2, [channel.port2]), ...args);
      },
      dead,
    );
    // After the call is posted, so the worker knows the id when the cancel arrives.
    const cancel = () => void api.cancel(id).catch(() => {});
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await reply;
    } finally {
      signal?.removeEventListener('abort', cancel);
      port?.close();
    }
  }

  /** Calls `method` in the worker (starting it if needed), failing at once if the worker dies. */
  call<K extends PlainMethod>(method: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>> {
    const { api, dead } = this.start();
    const call = api[method] as unknown as (...args: unknown[]) => Promise<Awaited<ReturnType<Api[K]>>>;
    return Promise.race([call(...args), dead]);
  }

  /** Calls `method` only in a worker that runs already (stopping or freeing what is not there needs no worker). */
  async ifRunning<K extends PlainMethod>(method: K, ...args: Parameters<Api[K]>): Promise<void> {
    if (this.live) await this.call(method, ...args);
  }

  /** Ends the worker now, without reporting it as a crash; a later call starts a new one. */
  terminate(): void {
    const live = this.live;
    if (!live) return;
    this.live = null;
    live.worker.terminate();
  }

  private start(): Live {
    if (this.live) return this.live;
    const name = `inpage-runtime-${crypto.randomUUID()}`;
    const worker = new Worker(new URL('../../worker/index.ts', import.meta.url), { type: 'module', name });
    const api = wrap<Api>(worker);
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
}
