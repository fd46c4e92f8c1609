/** llama.cpp's settings where the caller gives none, chosen by the bench (bench/measure/decode-by-context.ts). */

import type { LlamaTuning } from '../../../shared/engine.ts';
import { InvalidRequestError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';

/**
 * On the CPU: flash attention with a q8_0 KV cache. Measured on the bench model (2026-12-02), decode at
 * 1.5 k tokens of context went from 10.3 to 16.4 tokens/s, and the cache takes half of f16's memory, so
 * Phi-3-mini gets its whole 4096-token window inside WebAssembly's 4 GiB instead of 2048.
 */
export const CPU_TUNING: Readonly<LlamaTuning> = { flash_attn: true, cache_type: 'q8_0' };

/** On WebGPU: llama.cpp's own defaults (its WebGPU backend is not where a quantized cache was measured). */
export const GPU_TUNING: Readonly<LlamaTuning> = {};

/**
 * What llama.cpp is given: the defaults for where it runs, overridden by what was asked. llama.cpp
 * cannot quantize the V cache without flash attention (it stops): turning flash attention off brings
 * the f16 cache with it, and asking for both is refused up front.
 */
export function resolveTuning(onGpu: boolean, asked: LlamaTuning = {}): LlamaTuning {
  const tuning: LlamaTuning = { ...(onGpu ? GPU_TUNING : CPU_TUNING), ...asked };
  if (tuning.flash_attn === false && tuning.cache_type === 'q8_0') {
    if (asked.cache_type === 'q8_0') {
      throw new InvalidRequestError(say('kvNeedsFlash'));
    }
    tuning.cache_type = 'f16';
  }
  return tuning;
}
