/**
 * The session: one core that the app (src/state, as signals) and the library (src/lib, in OpenAI's
 * shapes) both drive. It owns the worker, the model loaded once, the way to the cloud, documents and
 * events; the faces own only how things are shown and asked.
 */

import type { EmbeddingModelSpec, WorkerEvent } from '../../shared/engine.ts';
import { cannotRunLocally, type WorkerCrashedError } from '../../shared/errors/errors.ts';
import type { WasmConfig } from '../../shared/wasm/wasm-choice.ts';
import { WorkerBridge } from '../bridge/worker-bridge.ts';
import { CloudEngine } from '../engines/cloud/cloud-engine.ts';
import { type CloudRoute, type CloudSetup, createCloudRoute } from './cloud-route.ts';
import { createDocumentIndex, type DocumentIndex } from './documents.ts';
import { createEvents, type Events } from './events.ts';
import { createModelLoader, type LoaderHooks, type ModelLoader } from './model-loader.ts';

export interface SessionEvents {
  /** The worker died on its own; the loaded model is forgotten. */
  exit: WorkerCrashedError;
  /** Another tab took the model over; it is forgotten here. */
  moved: WorkerEvent;
}

export interface SessionOptions {
  wasm?: WasmConfig | undefined;
  /** How the face follows a load. */
  loader?: LoaderHooks;
  /** The cloud, when the face has one; the engine is the session's. */
  cloud?: CloudSetup | null;
  /** The embedding model documents use, resolved at each call. */
  embeddingModel(): EmbeddingModelSpec;
}

export interface Session {
  bridge: WorkerBridge;
  models: ModelLoader;
  /** Null when the face has no cloud. */
  cloud: CloudRoute | null;
  documents: DocumentIndex;
  on: Events<SessionEvents>['on'];
  /** Whether a failure on this device may be answered in the cloud (the engine cannot run here, and a cloud is set up). */
  cloudMayTake(error: unknown, signal?: AbortSignal): boolean;
  /** Frees the model in the worker; the next request loads again. */
  unload(): Promise<void>;
  /** Deletes one stored model's files (all, for null); a model they served is loaded again next time. */
  deleteStored(key: string | null): Promise<boolean>;
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
      if (event.type === 'moved' && models?.current?.id === event.modelId) models.forget();
      events.emit('moved', event);
    },
  });
  models = createModelLoader(bridge, options.loader);
  const cloud = options.cloud ? createCloudRoute({ ...options.cloud, engine: new CloudEngine({ keyFor: options.cloud.keyFor }) }) : null;
  const loader = models;
  return {
    bridge,
    models: loader,
    cloud,
    documents: createDocumentIndex(bridge, options.embeddingModel),
    on: events.on,
    cloudMayTake: (error, signal) => cloud !== null && !signal?.aborted && cannotRunLocally(error),
    async unload() {
      loader.forget();
      await bridge.unload();
    },
    async deleteStored(key) {
      const deleted = await (key === null ? bridge.deleteAllCachedModels() : bridge.deleteCachedModel(key));
      if (deleted) loader.forget();
      return deleted;
    },
    async dispose() {
      loader.forget();
      await bridge.unload().catch(() => {});
      bridge.terminate();
    },
  };
}
