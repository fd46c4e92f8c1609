/**
 * ONNX Runtime Web's entry without its loader inlined: the loader (.mjs) and WebAssembly are copied as
 * files whose addresses the worker passes in (src/runtime/wasm-url.ts), so its thread workers start
 * from a file of this origin instead of a copy of the engine worker's bundle.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
/** The package's dist/ folder: its exports map hides it, so it is found from a file it does export. */
export const ORT_DIST = join(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'), '..');

export const ORT_EXTERN_WASM = { find: /^onnxruntime-web\/wasm$/, replacement: join(ORT_DIST, 'ort.wasm.min.mjs') };
