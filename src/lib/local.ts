/** The model on this device: which one the options name, loading it once (again after a failure), and asking it. */
import { WorkerBridge } from '../runtime/bridge.ts';
import { ALL_VARIANTS, modelFromUrl } from '../runtime/catalog.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, LoadedModel, ModelSpec } from '../runtime/engine.ts';
import { InvalidRequestError } from '../runtime/errors.ts';
import { chooseModel } from '../runtime/probe.ts';
import { isWasmChoice, type WasmFiles, wasmChoiceProblem } from '../runtime/wasm-choice.ts';
import type { Events } from './events.ts';
import type { RequestOptions, RuntimeOptions } from './types.ts';

export interface Local {
  bridge: WorkerBridge;
  load(options?: RequestOptions): Promise<LoadedModel>;
  chat(request: ChatRequest, onChunk: (chunk: ChatCompletionChunk) => void, signal: AbortSignal | undefined): Promise<ChatCompletion>;
  /** The next request loads again (the model was unloaded, deleted, or the runtime disposed). */
  forget(): void;
  dispose(): void;
}

/** A `wasm` option that names no build, said the same way by every call that would run llama.cpp. */
export function wasmOptionProblem(options: RuntimeOptions): string | null {
  return wasmChoiceProblem(options.wasm, 'createRuntime({ wasm })');
}

export function createLocal(options: RuntimeOptions, events: Events, wasmFiles: WasmFiles): Local {
  // The WebAssembly is located by the caller's module, so a consumer's bundler that copies it also fixes its address.
  const wasm = { wasmFiles, wasmBuild: isWasmChoice(options.wasm) ? options.wasm : 'auto' } as const;
  const bridge = new WorkerBridge({ onExit: (error) => events.emit('error', error), wasm });
  const wasmProblem = wasmOptionProblem(options);
  let loaded: Promise<LoadedModel> | null = null;
  let disposed = false;

  async function resolveModel(): Promise<ModelSpec> {
    const wanted = options.model ?? 'auto';
    if (wanted === 'auto') return chooseModel(await bridge.probe()).model;
    const known = ALL_VARIANTS.find((v) => v.id === wanted);
    if (known) return known;
    return modelFromUrl(wanted, typeof location === 'undefined' ? undefined : location.href, options.modelLib ?? null);
  }

  function load({ signal }: RequestOptions = {}): Promise<LoadedModel> {
    if (disposed) return Promise.reject(new InvalidRequestError('This runtime was disposed; create another.'));
    if (options.model === 'cloud') return Promise.reject(new InvalidRequestError('A cloud runtime has nothing to load on this device.'));
    if (wasmProblem) return Promise.reject(new InvalidRequestError(wasmProblem));
    loaded ??= (async () => {
      const model = await resolveModel();
      const result = await bridge.load(model, {
        signal,
        device: options.device,
        threads: options.threads,
        llama: options.llama,
        onProgress: (progress) => {
          options.onProgress?.(progress);
          events.emit('progress', progress);
        },
      });
      events.emit('ready', result);
      return result;
    })();
    loaded.catch((error: unknown) => {
      loaded = null; // the next request tries again
      events.emit('error', error as Error);
    });
    return loaded;
  }

  return {
    bridge,
    load,
    async chat(request, onChunk, signal) {
      await load({ signal });
      return bridge.chat(request, { onChunk, signal });
    },
    forget() {
      loaded = null;
    },
    dispose() {
      disposed = true;
      loaded = null;
    },
  };
}
