/**
 * llama.cpp's WebAssembly builds as this build emits them: hashed files of this origin. The compat
 * build (and ONNX Runtime's, for ONNX embedding models) is only addressed here; it is fetched only where a browser needs it (or `?wasm=compat` asks).
 * The library build swaps this module out: there the page passes the addresses in.
 */

import defaultWasm from '@wllama/wllama/esm/wasm/wllama.wasm?url&no-inline';
import compatWorker from '@wllama/wllama-compat/wasm/wllama.js?url&no-inline';
import compatWasm from '@wllama/wllama-compat/wasm/wllama.wasm?url&no-inline';
import onnxMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url&no-inline';
import onnxWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url&no-inline';
import type { WasmFiles } from './wasm-choice.ts';

const files: WasmFiles = {
  default: defaultWasm,
  compat: { worker: compatWorker, wasm: compatWasm },
  onnx: { mjs: onnxMjs, wasm: onnxWasm },
};

export default files;
