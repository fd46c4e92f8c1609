/** Whether llama.cpp's WebGPU backend can start here, decided before loading rather than after a failure. */

interface AdapterLike {
  features: ReadonlySet<string>;
  info?: { isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

export interface WebGPUVerdict {
  usable: boolean;
  /** Why, in words for the status line. */
  reason: string;
}

/**
 * ggml-webgpu registers a device only when the adapter has `shader-f16`; without it llama.cpp
 * silently runs on the CPU, and with it but unsupported it aborts. So check it ourselves.
 */
export async function checkWebGPU(): Promise<WebGPUVerdict> {
  const gpu = (navigator as { gpu?: GpuLike }).gpu;
  if (!gpu) return { usable: false, reason: 'this browser has no WebGPU' };
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return { usable: false, reason: 'no WebGPU adapter (the GPU is disabled or blocklisted)' };
  if (!adapter.features.has('shader-f16')) {
    const soft = adapter.info?.isFallbackAdapter ? 'the software adapter' : 'the GPU';
    return { usable: false, reason: `${soft} lacks shader-f16, which llama.cpp's WebGPU backend needs` };
  }
  return { usable: true, reason: 'the GPU supports shader-f16' };
}
