/**
 * Which llama.cpp WebAssembly build to run: chosen by the browser's features, or named (`?wasm=`,
 * `createRuntime({ wasm })`). wllama's default build needs JSPI and Memory64; its compat build
 * (Asyncify, 32-bit memory) runs without them, more slowly. Shared by the engine worker, the page and
 * the service worker, so all three make the same choice.
 */
import { inEnglish, type Said, say } from '../errors/said.ts';
export type WasmBuild = 'default' | 'compat';
export type WasmBuildChoice = 'auto' | WasmBuild;

/** Where each build's files are: this build's hashed assets, or what the page passed in (the library build). */
export interface WasmFiles {
  default: string;
  compat: { worker: string; wasm: string };
  /** ONNX Runtime Web's WebAssembly and its loader, for ONNX embedding models. */
  onnx?: { mjs: string; wasm: string } | undefined;
}

/** Where ONNX Runtime's files are kept for offline use: the engine worker stores them on first use, the service worker serves them. */
export const ONNX_CACHE = 'inpage-wasm-onnx';

/** What the page tells the worker about llama.cpp once (bridge.ts → configure()): its builds, and the threads asked for. */
export interface WasmConfig {
  wasmFiles?: WasmFiles | undefined;
  wasmBuild?: WasmBuildChoice | undefined;
  /** Threads for embeddings, as for the chat model (which also gets them with each load). */
  threads?: number | undefined;
}

export const WASM_CHOICES: readonly WasmBuildChoice[] = ['auto', 'default', 'compat'];

export function isWasmChoice(value: unknown): value is WasmBuildChoice {
  return WASM_CHOICES.includes(value as WasmBuildChoice);
}

/** Why a named build was not taken, in words for the user; null when it was fine. */
export function wasmChoiceProblem(value: unknown, where: string): string | null {
  const said = wasmChoiceSaid(value, where);
  return said && inEnglish(said);
}

/** The same, for the page to word. */
export function wasmChoiceSaid(value: unknown, where: string): Said | null {
  if (value === undefined || value === null || isWasmChoice(value)) return null;
  return say('badWasmChoice', { where, value: JSON.stringify(value) ?? String(value), choices: WASM_CHOICES.join(', ') });
}

export interface WasmFeatures {
  /** JavaScript Promise Integration (WebAssembly.Suspending). */
  jspi: boolean;
  /** 64-bit WebAssembly memories. */
  memory64: boolean;
  /** Shared memory between threads: cross-origin isolated, with SharedArrayBuffer. */
  threads: boolean;
}

/** What the probe reads: a page, a worker or a service worker (or a stand-in, in unit tests). */
interface FeatureScope {
  WebAssembly: unknown;
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
}

export function wasmFeatures(scope: FeatureScope = globalThis as FeatureScope): WasmFeatures {
  const wasm = scope.WebAssembly as typeof WebAssembly & { Suspending?: unknown };
  let memory64 = false;
  try {
    // A one-page 64-bit memory: the same probe wllama makes, so the two never disagree.
    new wasm.Memory({ address: 'i64', initial: 1n } as unknown as WebAssembly.MemoryDescriptor);
    memory64 = true;
  } catch {
    memory64 = false;
  }
  return {
    jspi: typeof wasm.Suspending === 'function',
    memory64,
    threads: scope.crossOriginIsolated === true && typeof scope.SharedArrayBuffer === 'function',
  };
}

export interface WasmBuildVerdict {
  build: WasmBuild;
  /** Why, worded by whoever shows it. */
  why: Said;
}

/** The build this browser's features call for, unless `wanted` names one (tests and power users: `?wasm=`). */
export function chooseWasmBuild(features: WasmFeatures, wanted: WasmBuildChoice = 'auto'): WasmBuildVerdict {
  const verdict = (build: WasmBuild, why: Said): WasmBuildVerdict => ({ build, why });
  if (wanted !== 'auto') return verdict(wanted, say('wasmAskedFor'));
  if (features.jspi && features.memory64) return verdict('default', say('wasmHasAll'));
  return verdict('compat', say('wasmLacks', { jspi: features.jspi, memory64: features.memory64 }));
}
