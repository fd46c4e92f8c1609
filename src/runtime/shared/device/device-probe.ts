/** What the browser has for running a model (WebGPU adapter, limits, memory, mobile): asked once, in the page or a worker. */
import { type Said, say } from '../errors/said.ts';

export interface GpuProbe {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  features: string[];
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
}

export interface DeviceProbe {
  gpu: GpuProbe | null;
  /** Why there is no usable adapter, when there is none. */
  gpuProblem: Said | null;
  /** navigator.deviceMemory: rounded, and capped at 8 by browsers. */
  deviceMemoryGB: number | null;
  cores: number;
  mobile: boolean;
  ios: boolean;
}

interface NavigatorLike {
  gpu?: { requestAdapter(): Promise<AdapterLike | null> };
  userAgent: string;
  userAgentData?: { mobile?: boolean };
  deviceMemory?: number;
  hardwareConcurrency?: number;
  maxTouchPoints?: number;
}
interface AdapterLike {
  features: ReadonlySet<string>;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number; maxComputeWorkgroupStorageSize: number };
}

/** Asks the browser what it has; works in the page and in workers. */
export async function probeDevice(nav: NavigatorLike = navigator as unknown as NavigatorLike): Promise<DeviceProbe> {
  let gpu: GpuProbe | null = null;
  let gpuProblem: Said | null = null;
  if (!nav.gpu) {
    gpuProblem = say('noWebGPUHere');
  } else {
    try {
      const adapter = await nav.gpu.requestAdapter();
      if (!adapter) gpuProblem = say('noAdapter');
      else
        gpu = {
          vendor: adapter.info?.vendor ?? '',
          architecture: adapter.info?.architecture ?? '',
          description: adapter.info?.description ?? '',
          isFallbackAdapter: adapter.info?.isFallbackAdapter ?? false,
          features: [...adapter.features].sort(),
          maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
          maxBufferSize: adapter.limits.maxBufferSize,
          maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
        };
    } catch (error) {
      gpuProblem = say('adapterFailed', { reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const ua = nav.userAgent;
  // iPadOS reports itself as a Mac; touch points give it away.
  const ios = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && (nav.maxTouchPoints ?? 0) > 1);
  return {
    gpu,
    gpuProblem,
    deviceMemoryGB: nav.deviceMemory ?? null,
    cores: nav.hardwareConcurrency ?? 1,
    mobile: nav.userAgentData?.mobile ?? (ios || /Android|Mobi/.test(ua)),
    ios,
  };
}

/** Why there is no WebGPU adapter. */
export const gpuProblemOf = (probe: DeviceProbe): Said | null => probe.gpuProblem;
