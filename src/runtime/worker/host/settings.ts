/** What the page set once for this worker (see the API's configure()): read by every engine when it starts. */
import type { WasmBuildChoice, WasmFiles } from '../../shared/wasm/wasm-choice.ts';
import wasmFiles from '../../shared/wasm/wasm-url.ts';

export const workerSettings: {
  /** Where the WebAssembly builds are: this build's own files, unless the page says otherwise (a bundler moved them). */
  wasmFiles: WasmFiles;
  /** Which llama.cpp build: the one this browser's features call for, unless the page names one. */
  wasmBuild: WasmBuildChoice;
  /** CPU threads for the embedders (the chat model takes its own with each load); undefined: the engine's default. */
  threads: number | undefined;
} = { wasmFiles, wasmBuild: 'auto', threads: undefined };
