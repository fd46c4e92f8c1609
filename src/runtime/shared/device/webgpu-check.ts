/** Whether llama.cpp's WebGPU backend can start here, decided before loading rather than after a failure. */

import { type Said, say } from '../errors/said.ts';
import { type DeviceProbe, gpuProblemOf } from './device-probe.ts';

export interface WebGPUVerdict {
  usable: boolean;
  /** Why, worded by whoever shows it. */
  why: Said;
}

const verdict = (usable: boolean, why: Said): WebGPUVerdict => ({ usable, why });

/**
 * ggml-webgpu registers a device only when the adapter has `shader-f16`; without it llama.cpp
 * silently runs on the CPU, and with it but unsupported it aborts. So check it ourselves.
 */
export function llamaWebGPU(probe: DeviceProbe): WebGPUVerdict {
  if (!probe.gpu) return verdict(false, gpuProblemOf(probe) ?? say('noWebGPUShort'));
  if (!probe.gpu.features.includes('shader-f16')) return verdict(false, say('noF16ForLlama', { software: probe.gpu.isFallbackAdapter }));
  return verdict(true, say('f16ForLlama'));
}
