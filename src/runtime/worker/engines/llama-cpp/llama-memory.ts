/**
 * How much context llama.cpp can have in the browser. Its WebAssembly memory stops at 4 GiB, and on
 * the CPU the weights and the KV cache both live there: Phi-3-mini's 2.39 GB of weights plus a
 * 4096-token f16 KV cache (1.6 GB) do not fit, 2048 tokens do; with the q8_0 cache (0.86 GB) 4096 do.
 */

import { OutOfMemoryError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import type { GgufHeader } from '../../gguf/gguf.ts';

/** wllama's WebAssembly memory maximum (65536 pages of 64 KiB). */
export const WASM_MEMORY_BYTES = 4 * 1024 ** 3;
/** Compute buffers, the tokenizer, the runtime: what besides weights and KV cache needs room. */
export const WORKING_MARGIN_BYTES = 768 * 1024 ** 2;
/** Context sizes tried, largest first; smaller than the smallest is not worth a conversation. */
const STEPS = [4096, 3072, 2048, 1024, 512];

/** Bytes per cached value: f16, or q8_0's blocks of 32 int8 values and one f16 scale. */
const KV_VALUE_BYTES = { f16: 2, q8_0: 34 / 32 } as const;
export type KvCacheType = keyof typeof KV_VALUE_BYTES;

/** Bytes of KV cache per token of context, from the model's own metadata; null when it says too little. */
export function kvBytesPerToken(header: Pick<GgufHeader, 'metadata'>, type: KvCacheType = 'f16'): number | null {
  const arch = String(header.metadata.get('general.architecture'));
  const num = (key: string) => {
    const value = header.metadata.get(`${arch}.${key}`);
    return typeof value === 'number' && value > 0 ? value : null;
  };
  const layers = num('block_count');
  const embd = num('embedding_length');
  const heads = num('attention.head_count');
  if (!layers || !embd || !heads) return null;
  const headsKv = num('attention.head_count_kv') ?? heads;
  const keyLength = num('attention.key_length') ?? embd / heads;
  const valueLength = num('attention.value_length') ?? embd / heads;
  return layers * headsKv * (keyLength + valueLength) * KV_VALUE_BYTES[type];
}

/**
 * The largest context (at most `wanted`) whose KV cache fits beside `weightBytes` in WebAssembly
 * memory, or 0 when not even the smallest does (the model is too large for the CPU engine).
 */
export function fitContextToMemory(wanted: number, weightBytes: number, perToken: number | null): number {
  if (perToken === null) return wanted;
  const room = WASM_MEMORY_BYTES - WORKING_MARGIN_BYTES - weightBytes;
  const fits = (n: number) => n * perToken <= room;
  if (fits(wanted)) return wanted;
  return STEPS.find((n) => n < wanted && fits(n)) ?? 0;
}

/** The most context the engine allocates: Phi-3-mini-4k's window, and a bounded KV cache. */
export const MAX_CONTEXT = 4096;

/** The context a model asks for: what it was trained on and what its catalog entry allows, at most MAX_CONTEXT. */
export function wantedContext(header: Pick<GgufHeader, 'metadata'>, specContext: number | undefined): number {
  const trained = header.metadata.get(`${String(header.metadata.get('general.architecture'))}.context_length`);
  return Math.min(typeof trained === 'number' ? trained : MAX_CONTEXT, specContext ?? MAX_CONTEXT, MAX_CONTEXT);
}

/**
 * The context llama.cpp gets on the CPU for a file of `fileBytes` with this header; refuses, naming the
 * model and what to do, when its weights and the smallest KV cache cannot share WebAssembly's 4 GiB.
 */
export function cpuContextOrRefuse(
  header: Pick<GgufHeader, 'metadata'>,
  fileBytes: number,
  wanted: number,
  name: string,
  cacheType: KvCacheType = 'f16',
): number {
  const context = fitContextToMemory(wanted, fileBytes, kvBytesPerToken(header, cacheType));
  if (context > 0) return context;
  throw new OutOfMemoryError(say('wasmMemory', { name, bytes: fileBytes }), {
    reason: 'wasm-memory',
    fileBytes,
    limitBytes: WASM_MEMORY_BYTES,
  });
}
