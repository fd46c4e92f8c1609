/** Device probes as browsers reported them, for the model-choice tests. */
import type { DeviceProbe } from '../../src/runtime/probe.ts';

/** Headless Chromium 150 with SwiftShader's WebGPU adapter on this machine (24 GB, 2 cores). */
export const SWIFTSHADER: DeviceProbe & { gpu: NonNullable<DeviceProbe['gpu']> } = {
  gpu: {
    vendor: 'google',
    architecture: 'swiftshader',
    description: '',
    isFallbackAdapter: true,
    features: [
      'bgra8unorm-storage',
      'chromium-experimental-timestamp-query-inside-passes',
      'clip-distances',
      'core-features-and-limits',
      'depth-clip-control',
      'depth32float-stencil8',
      'float32-blendable',
      'float32-filterable',
      'indirect-first-instance',
      'rg11b10ufloat-renderable',
      'subgroup-size-control',
      'subgroups',
      'texture-component-swizzle',
      'texture-compression-astc',
      'texture-compression-astc-sliced-3d',
      'texture-compression-bc',
      'texture-compression-bc-sliced-3d',
      'texture-compression-etc2',
      'timestamp-query',
    ],
    maxStorageBufferBindingSize: 1073741824,
    maxBufferSize: 1073741824,
    maxComputeWorkgroupStorageSize: 32768,
  },
  gpuProblem: null,
  deviceMemoryGB: 8,
  cores: 2,
  mobile: false,
  ios: false,
};

const DESKTOP_GPU = {
  vendor: 'nvidia',
  architecture: 'ampere',
  description: '',
  isFallbackAdapter: false,
  features: ['shader-f16', 'subgroups', 'timestamp-query'],
  maxStorageBufferBindingSize: 2147483644,
  maxBufferSize: 2147483648,
  maxComputeWorkgroupStorageSize: 32768,
};

/** A discrete GPU with shader-f16 in desktop Chrome (typical limits). */
export const DESKTOP_F16: DeviceProbe = {
  ...SWIFTSHADER,
  gpu: DESKTOP_GPU,
  cores: 16,
};

/** Firefox's WebGPU: 16 KiB of workgroup storage, which web-llm cannot use. */
export const FIREFOX: DeviceProbe = {
  ...SWIFTSHADER,
  gpu: { ...SWIFTSHADER.gpu, vendor: 'intel', architecture: 'gen-12lp', isFallbackAdapter: false, maxComputeWorkgroupStorageSize: 16384 },
  deviceMemoryGB: null,
};

/** iPhone Safari 26 with WebGPU and shader-f16. */
export const IPHONE: DeviceProbe = {
  gpu: { ...DESKTOP_GPU, vendor: 'apple', architecture: 'common-3', maxStorageBufferBindingSize: 1073741824, maxBufferSize: 1073741824 },
  gpuProblem: null,
  deviceMemoryGB: null,
  cores: 6,
  mobile: true,
  ios: true,
};

export const NO_WEBGPU: DeviceProbe = {
  gpu: null,
  gpuProblem: 'this browser has no WebGPU',
  deviceMemoryGB: 8,
  cores: 8,
  mobile: false,
  ios: false,
};

/** The desktop GPU in a machine whose browser reports 8 GB of device memory (the most browsers report). */
export const GPU_8GB: DeviceProbe = { ...DESKTOP_F16, deviceMemoryGB: 8 };

/** The same GPU where the browser reports 4 GB. */
export const GPU_4GB: DeviceProbe = { ...DESKTOP_F16, deviceMemoryGB: 4 };
