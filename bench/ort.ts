/**
 * ONNX Runtime Web on its own (the package the app ships), served beside a bench page, to measure the
 * engine without InPage's path around it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORT_DIST as DIST } from '../scripts/onnx-runtime.ts';
import type { ExtraFile } from '../test/fixtures/static-server.ts';

export const ORT_VERSION = (JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')) as { version: string }).version;
/** Its WebAssembly-only entry (SIMD, threads), and what that loads. */
const FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

/** ONNX Runtime Web's files, to serve under `/ort/` beside a page. */
export function ortFiles(): Record<string, ExtraFile> {
  const type = (f: string) => (f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
  return Object.fromEntries(FILES.map((f) => [`/ort/${f}`, { type: type(f), body: readFileSync(join(DIST, f)) }]));
}
