/** The library build's stand-in for wasm-url.ts: the page passes the WebAssembly's addresses (see bridge.ts), so the worker emits no copy. */
import type { WasmFiles } from './wasm-choice.ts';

const files: WasmFiles = { default: '', compat: { worker: '', wasm: '' }, onnx: { mjs: '', wasm: '' } };

export default files;
