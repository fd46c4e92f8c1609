/**
 * The session: the one core every face drives (the app as signals, the library in OpenAI's shapes,
 * the widget, the AI SDK provider). It owns the worker, the model loaded once, answering (chat.ts),
 * the cloud and its consent, documents, storage and events; faces own only how things are shown and asked.
 */
import type { DeviceProbe } from '../../shared/device/probe.ts';
import type {
  CachedModel,
  ChatRequest,
  EmbeddingModelSpec,
  EnginePreferences,
  LoadProgress,
  ModelSpec,
  WorkerEvent,
} from '../../shared/engine.ts';
import { cannotRunLocally, InPageError, type NextStep, type WorkerCrashedError } from '../../shared/errors/errors.ts';
import type { Embedded } from '../../shared/protocol.ts';
import type { WasmConfig } from '../../shared/wasm/wasm-choice.ts';
import { WorkerBridge } from '../bridge/worker-bridge.ts';
import { localPromptTokens } from '../compare/local-tokens.ts';
import { CloudEngine } from '../engines/cloud/cloud-engine.ts';
import { type AnswerOptions, type AnswerSource, answer, type ChatAnswer, type ChatDeps } from './chat.ts';
import type { CloudFacts } from './cloud-decision.ts';
import { type CloudSetup, createCloudRoute } from './cloud-route.ts';
import { type CompareOptions, type Comparison, compare } from './compare.ts';
import { createDocumentIndex, type DocumentIndex } from './documents.ts';
import { createEvents, type Events } from './events.ts';
import { createModelLoader, type LoaderHooks, type ModelLoader } from './model-loader.ts';
import { checkRoom } from './preflight.ts';

export type { AnswerOptions, AnswerSource, ChatAnswer } from './chat.ts';
export type { CloudSetup, ConsentQuestion } from './cloud-route.ts';
export type { ComparedReply, CompareOptions, Comparison } from './compare.ts';

export interface SessionEvents {
  /** The worker died on its own; the loaded model is forgotten. */
  exit: WorkerCrashedError;
  /** Another tab took the model over; it is forgotten here. */
  moved: WorkerEvent;
  /** A reply is being answered by the cloud because this device could not. */
  fallback: AnswerSource;
}

export interface SessionOptions {
  wasm?: WasmConfig | undefined;
  /** How the face follows a load. */
  loader?: LoaderHooks;
  /** The cloud, when the face has one; the engine is the session's. */
  cloud?: CloudSetup | null;
  /** The model a request answers with when it names none (the app's selection; the library's option). */
  model(): ModelSpec | Promise<ModelSpec>;
  /** How this device runs it (`?device=cpu`, threads), read at each load. */
  preferences?(): EnginePreferences;
  /** The embedding model documents use, resolved at each call. */
  embeddingModel(): EmbeddingModelSpec;
}

export interface Transfer {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
}

export interface Session {
  /** Answers `request` on this device or in the cloud, as the decision table says; the only way any face answers. */
  chat(request: ChatRequest, options?: AnswerOptions): Promise<ChatAnswer>;
  /** The same request on this device and in the cloud, once the cloud's side is agreed to. */
  compare(request: ChatRequest, options?: CompareOptions): Promise<Comparison>;
  /** The request's prompt in the local model's own tokens (loading it first). */
  countTokens(request: ChatRequest, options?: Pick<AnswerOptions, 'model' | 'signal'>): Promise<number>;
  /** Vectors for `texts` from `model` (the face's embedding model when absent). */
  embed(
    texts: string[],
    options?: Transfer & { model?: EmbeddingModelSpec | undefined },
  ): Promise<Embedded & { model: EmbeddingModelSpec }>;
  models: ModelLoader;
  documents: DocumentIndex;
  storage: {
    list(): Promise<CachedModel[]>;
    /** Deletes one stored model's files (all, for null); resolves true when a loaded model had to be unloaded for it. */
    delete(key: string | null): Promise<boolean>;
    /** Fetches what a stored model is missing or has wrong; resolves with the bytes fetched. */
    repair(key: string, options?: Transfer): Promise<number>;
    /** Downloads a model into this browser without loading it (refused first when it will not fit). */
    download(model: ModelSpec, options?: Transfer): Promise<number>;
  };
  /** What this device can run; probed in the worker, where the engines run. */
  probe(): Promise<DeviceProbe>;
  /** What to offer after a failure on this device: its engine's steps, with the cloud where the table would offer it. */
  nextSteps(error: unknown): NextStep[];
  /** Whether the cloud could take a request of this purpose at all (a face shows Compare only where it could). */
  cloudPossible(purpose: CloudFacts['purpose']): boolean;
  /** A new endpoint asks again: every conversation's consent is forgotten. */
  forgetConsent(): void;
  on: Events<SessionEvents>['on'];
  /** Stops the reply being written on this device; it resolves with what was written. */
  interrupt(): Promise<void>;
  /** Frees the model in the worker; the next request loads again. */
  unload(): Promise<void>;
  dispose(): Promise<void>;
}

export function createSession(options: SessionOptions): Session {
  const events = createEvents<SessionEvents>();
  let models: ModelLoader | null = null;
  const bridge = new WorkerBridge({
    wasm: options.wasm,
    onExit: (error) => {
      models?.forget();
      events.emit('exit', error);
    },
    onEvent: (event) => {
      // Said first, while the face can still tell it was its model; then forgotten.
      const mine = event.type === 'moved' && models?.current?.id === event.modelId;
      events.emit('moved', event);
      if (mine) models?.forget();
    },
  });
  const loader = createModelLoader(bridge, options.loader);
  models = loader;
  const cloud = options.cloud ? createCloudRoute(options.cloud, new CloudEngine({ keyFor: options.cloud.keyFor })) : null;
  const deps: ChatDeps = {
    bridge,
    models: loader,
    cloud,
    model: async () => options.model(),
    preferences: () => options.preferences?.() ?? {},
    onFallback: (source) => events.emit('fallback', source),
  };
  const documents = createDocumentIndex(bridge, options.embeddingModel);
  return {
    chat: (request, chatOptions) => answer(deps, request, chatOptions),
    compare: (request, compareOptions) => compare(deps, request, compareOptions),
    async countTokens(request, { model, signal } = {}) {
      await loader.load(model ?? (await deps.model()), { signal, preferences: deps.preferences() });
      return localPromptTokens((sent, o) => bridge.run('chat', [sent], o), request, signal);
    },
    async embed(texts, { model = options.embeddingModel(), signal, onProgress } = {}) {
      return { ...(await bridge.run('embed', [model, texts], { signal, onReport: onProgress })), model };
    },
    models: loader,
    documents,
    storage: {
      list: () => bridge.call('cachedModels'),
      async delete(key) {
        const unloaded = await (key === null ? bridge.call('deleteAllCachedModels') : bridge.call('deleteCachedModel', key));
        if (unloaded) loader.forget();
        return unloaded;
      },
      repair: (key, { signal, onProgress } = {}) => bridge.run('repair', [key], { signal, onReport: onProgress }),
      async download(model, { signal, onProgress } = {}) {
        await checkRoom(model, await bridge.call('cachedModels').catch(() => []));
        return bridge.run('download', [model], { signal, onReport: onProgress });
      },
    },
    probe: () => bridge.call('probe'),
    nextSteps(error) {
      const steps = (error instanceof InPageError ? (error.details.nextSteps ?? []) : []).filter((s: NextStep) => s !== 'cloud');
      return cannotRunLocally(error) && cloud?.possible('fallback') ? [...steps, 'cloud'] : steps;
    },
    cloudPossible: (purpose) => cloud?.possible(purpose) === true,
    forgetConsent: () => cloud?.forgetConsent(),
    on: events.on,
    interrupt: () => bridge.ifRunning('interrupt'),
    async unload() {
      loader.forget();
      await bridge.ifRunning('unload');
    },
    async dispose() {
      loader.forget();
      await bridge.ifRunning('unload').catch(() => {});
      bridge.terminate();
    },
  };
}
