/** The model on this device as the options name it, loaded once by the session (again after a failure), and asked. */

import type { Session } from '../runtime/page/session/index.ts';
import { chooseModel } from '../runtime/shared/device/probe.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, LoadedModel, ModelSpec } from '../runtime/shared/engine.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import { ALL_VARIANTS, modelFromUrl } from '../runtime/shared/models/catalog.ts';
import { wasmChoiceProblem } from '../runtime/shared/wasm/wasm-choice.ts';
import type { Events } from './events.ts';
import type { Availability, RequestOptions, RuntimeOptions } from './types.ts';

export interface Local {
  load(options?: RequestOptions): Promise<LoadedModel>;
  /** Whether the model can answer here now, after a download, or not at all, without loading or downloading anything. */
  availability(): Promise<Availability>;
  chat(request: ChatRequest, onChunk: (chunk: ChatCompletionChunk) => void, signal: AbortSignal | undefined): Promise<ChatCompletion>;
  dispose(): void;
}

/** A `wasm` option that names no build, said the same way by every call that would run llama.cpp. */
export function wasmOptionProblem(options: RuntimeOptions): string | null {
  return wasmChoiceProblem(options.wasm, 'createRuntime({ wasm })');
}

export function createLocal(options: RuntimeOptions, session: Session, events: Events): Local {
  const wasmProblem = wasmOptionProblem(options);
  const { bridge, models } = session;
  let disposed = false;

  async function resolveModel(): Promise<ModelSpec> {
    const wanted = options.model ?? 'auto';
    if (wanted === 'auto') return chooseModel(await bridge.probe()).model;
    const known = ALL_VARIANTS.find((v) => v.id === wanted);
    if (known) return known;
    return modelFromUrl(
      wanted,
      typeof location === 'undefined' ? undefined : location.href,
      options.modelLib ?? null,
      options.mmproj ?? null,
    );
  }

  async function load({ signal }: RequestOptions = {}): Promise<LoadedModel> {
    if (disposed) throw new InvalidRequestError('This runtime was disposed; create another.');
    if (options.model === 'cloud') throw new InvalidRequestError('A cloud runtime has nothing to load on this device.');
    if (wasmProblem) throw new InvalidRequestError(wasmProblem);
    if (models.current) return models.current;
    let model: ModelSpec;
    try {
      model = await resolveModel();
    } catch (error) {
      events.emit('error', error as Error); // a model the options cannot name is said like a failed load
      throw error;
    }
    return models.load(model, { signal, preferences: { device: options.device, threads: options.threads, llama: options.llama } });
  }

  async function availability(): Promise<Availability> {
    if (disposed || wasmProblem) return 'unavailable';
    if (options.model === 'cloud') return options.cloud ? 'available' : 'unavailable';
    if (models.current) return 'available';
    if (models.loading) return 'downloading';
    let model: ModelSpec;
    try {
      model = await resolveModel();
    } catch {
      return 'unavailable';
    }
    const stored = await bridge.cachedModels();
    // A GGUF model is ready when its file and its projector are stored whole; an MLC model when web-llm's cache holds it.
    const whole = stored.some((m) =>
      model.engine === 'llama.cpp'
        ? m.key === model.url && m.complete && (!model.mmproj || m.parts?.includes(model.mmproj.url) === true)
        : m.models.includes(model.id) && m.complete,
    );
    return whole ? 'available' : 'downloadable';
  }

  return {
    load,
    availability,
    async chat(request, onChunk, signal) {
      await load({ signal });
      return bridge.chat(request, { onChunk, signal });
    },
    dispose() {
      disposed = true;
    },
  };
}
