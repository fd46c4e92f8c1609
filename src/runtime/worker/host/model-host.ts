/**
 * The one object in the worker that owns the chat model: which engine runs it (picked once, at load),
 * the load under way, the lock that keeps one tab per model (model-lock.ts), and the operations the
 * page may cancel by id. index.ts exposes it to the page; nothing else holds this state.
 */
import type { ChatEngine, EnginePreferences, LoadedModel, LoadProgress, ModelSpec, WorkerEvent } from '../../shared/engine.ts';
import { storageKeyOf } from '../../shared/engines/index.ts';
import { AbortError, ModelNotLoadedError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { stepTimer } from '../../shared/step-timer.ts';
import { workerEngineOf } from '../engines/index.ts';
import type { Callback, Job } from './jobs.ts';
import { announceProgress, type HeldModel, holdModel } from './model-lock.ts';

/** The key under which a spec's files are stored, as listCachedModels reports it. */
export const storageKey = (spec: ModelSpec): string => storageKeyOf(spec) as string;

export class ModelHost {
  /** Each engine's chat engine, made the first time a model of its kind loads. */
  private readonly engines = new Map<ModelSpec['engine'], ChatEngine<never>>();
  private active: { engine: ChatEngine<never>; spec: ModelSpec } | null = null;
  /** The load under way: a newer one, or another tab taking the model, cancels it. */
  private loading: AbortController | null = null;
  /** The model this tab holds against other tabs, and the page's ear for events. */
  private held: HeldModel | null = null;
  private listener: Callback<WorkerEvent> | undefined;

  /** The engine answering chats now; throws when no model is loaded. */
  get engine(): ChatEngine<never> {
    if (!this.active) throw new ModelNotLoadedError(say('noModelLoaded'));
    return this.active.engine;
  }

  /** True when `key`'s model is the loaded one. */
  isLoaded(key?: string): boolean {
    return this.active !== null && (key === undefined || storageKey(this.active.spec) === key);
  }

  watch(listener: Callback<WorkerEvent>): void {
    this.listener = listener;
  }

  /** Loads `model` on its engine, one model in memory at a time; a newer load cancels this one. */
  async load(
    { signal: cancelled, report: onProgress }: Job<LoadProgress>,
    model: ModelSpec,
    { takeOver, ...preferences }: EnginePreferences & { takeOver?: boolean | undefined },
  ): Promise<LoadedModel> {
    this.loading?.abort();
    const mine = new AbortController();
    this.loading = mine;
    const stop = () => mine.abort();
    if (cancelled.aborted) stop();
    cancelled.addEventListener('abort', stop, { once: true });
    const { signal } = mine;
    try {
      const timer = stepTimer();
      // One model in memory at a time: the other engine gives its memory back first.
      await this.unloadAll();
      const key = storageKey(model);
      await this.own(key, signal, onProgress, takeOver);
      timer.step('lock');
      const options = { ...preferences, signal, onProgress: this.relayed(key, onProgress) };
      const engine = this.engineFor(model);
      try {
        const loaded = await engine.load(model as never, options);
        this.active = { engine, spec: model };
        return { ...loaded, loadSteps: { ...timer.steps, ...loaded.loadSteps } };
      } catch (error) {
        // Another tab may have better luck (or the user there may want to try): let go.
        this.release(key);
        throw error;
      }
    } finally {
      cancelled.removeEventListener('abort', stop);
      if (this.loading === mine) this.loading = null;
    }
  }

  /** Runs a download of `key`'s files while this tab holds it; lets go after, unless the model is loaded here. */
  async whileHolding<T>(
    key: string,
    signal: AbortSignal,
    onProgress: Callback<LoadProgress> | undefined,
    run: (progress: Callback<LoadProgress>) => Promise<T>,
  ): Promise<T> {
    await this.own(key, signal, onProgress);
    try {
      return await run(this.relayed(key, onProgress));
    } finally {
      if (!this.isLoaded(key)) this.release(key);
    }
  }

  /** Stops the reply being written, if any. */
  async interrupt(): Promise<void> {
    await this.active?.engine.interrupt();
  }

  async unloadAll(): Promise<void> {
    this.active = null;
    this.held?.release();
    this.held = null;
    await Promise.all([...this.engines.values()].map((engine) => engine.unload()));
  }

  private engineFor(model: ModelSpec): ChatEngine<never> {
    let engine = this.engines.get(model.engine);
    if (!engine) {
      engine = workerEngineOf(model).chat() as ChatEngine<never>;
      this.engines.set(model.engine, engine);
    }
    return engine;
  }

  private release(key: string): void {
    if (this.held?.key !== key) return;
    this.held.release();
    this.held = null;
  }

  /** Makes this tab the one that holds `key`, waiting for (or taking it from) another tab. */
  private async own(key: string, signal: AbortSignal, onProgress: Callback<LoadProgress> | undefined, takeOver = false): Promise<void> {
    if (this.held?.key === key) return;
    this.held?.release();
    this.held = null;
    const mine = await holdModel(key, { signal, onProgress, takeOver });
    if (signal.aborted) {
      mine.release();
      throw new AbortError();
    }
    this.held = mine;
    void mine.lost.then(async () => {
      if (this.held !== mine) return;
      this.held = null;
      // Another tab took this model over: stop what this tab does with it, and say so.
      this.loading?.abort();
      if (this.active && storageKey(this.active.spec) === key) {
        const modelId = this.active.spec.id;
        await this.unloadAll();
        this.listener?.({ type: 'moved', modelId });
      }
    });
  }

  /** Progress to the page, and to other tabs waiting for the same model. */
  private relayed(key: string, onProgress?: Callback<LoadProgress>): Callback<LoadProgress> {
    return (progress) => {
      onProgress?.(progress);
      if (progress.phase !== 'other-tab') announceProgress(key, progress);
    };
  }
}
