/** What the bench asks of the bare harness's worker, and what it answers. */
import type { ChatMessage, LlamaTuning } from '../../src/runtime/shared/engine.ts';
import type { WasmBuild } from '../../src/runtime/shared/wasm/wasm-choice.ts';

export interface BareRun {
  url: string;
  threads: number;
  /** One user message; or `messages`, a whole conversation. */
  prompt: string;
  messages?: ChatMessage[] | undefined;
  maxTokens: number;
  /** llama.cpp's knobs; a change loads the model again. */
  llama?: LlamaTuning | undefined;
  /** false: evaluate the whole prompt, whatever the cache holds. */
  cachePrompt?: boolean | undefined;
  /** Only load (from this page's IndexedDB when stored), and say how long it took. */
  loadOnly?: boolean;
  /** llama.cpp's WebAssembly build; left out, the one this browser's features call for. A change loads the model again. */
  wasmBuild?: WasmBuild | undefined;
}

export interface BareResult {
  /** The reply's text ('' when only loading). */
  text: string;
  completionTokens: number;
  promptTokens: number;
  cachedTokens: number;
  /** When the request was made, its first chunk and its last, in this worker's clock (ms). */
  sentMs: number;
  firstChunkMs: number;
  lastChunkMs: number;
  engineDecode: number | undefined;
  prefillMs: number | undefined;
  loadMs: number;
  /** The engine's own account of the load (see LoadedModel.loadSteps). */
  loadSteps?: Record<string, number> | undefined;
  contextLength: number;
  /** The build that ran. */
  wasmBuild: WasmBuild | undefined;
}
