/** Whether llama.cpp's WebGPU backend can start here, decided before loading rather than after a failure. */
import type { DeviceProbe } from '../probe.ts';

export interface WebGPUVerdict {
  usable: boolean;
  /** Why, in words for the status line. */
  reason: string;
}

/**
 * ggml-webgpu registers a device only when the adapter has `shader-f16`; without it llama.cpp
 * silently runs on the CPU, and with it but unsupported it aborts. So check it ourselves.
 */
export function llamaWebGPU(probe: DeviceProbe): WebGPUVerdict {
  if (!probe.gpu) return { usable: false, reason: probe.gpuProblem ?? 'no WebGPU' };
  if (!probe.gpu.features.includes('shader-f16')) {
    const which = probe.gpu.isFallbackAdapter ? 'the software adapter' : 'the GPU';
    return { usable: false, reason: `${which} lacks shader-f16, which llama.cpp's WebGPU backend needs` };
  }
  return { usable: true, reason: 'the GPU supports shader-f16' };
}
