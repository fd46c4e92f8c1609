/**
 * ONNX Runtime Web, for measuring another maintained CPU engine beside llama.cpp on the same embedding
 * model. Installed on first use into bench/.ort, as node-llama-cpp is into bench/.native, so `npm
 * install` stays small (the package is 145 MB, its WebGPU builds included).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExtraFile } from '../test/fixtures/static-server.ts';

export const ORT_VERSION = '1.31.1';
const PREFIX = resolve('bench/.ort');
const DIST = join(PREFIX, 'node_modules', 'onnxruntime-web', 'dist');
/** Its WebAssembly-only entry (SIMD, threads), and what that loads. */
const FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

/** ONNX Runtime Web's files, installed if they are not, to serve under `/ort/` beside a page. */
export function ortFiles(): Record<string, ExtraFile> {
  if (!FILES.every((f) => existsSync(join(DIST, f)))) {
    console.log(`Installing onnxruntime-web ${ORT_VERSION} into bench/.ort…`);
    execFileSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--no-save', `onnxruntime-web@${ORT_VERSION}`], {
      stdio: 'inherit',
    });
  }
  const type = (f: string) => (f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
  return Object.fromEntries(FILES.map((f) => [`/ort/${f}`, { type: type(f), body: readFileSync(join(DIST, f)) }]));
}
