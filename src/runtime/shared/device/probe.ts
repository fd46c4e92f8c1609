/** What this device can run, and the model InPage picks for it. The choice is a pure function of the probe. */

import { inEnglish, type Said, say } from '../errors/said.ts';
import {
  ALL_VARIANTS,
  CATALOG,
  type CatalogFamily,
  type CatalogVariant,
  DEFAULT_FAMILY,
  type GgufVariant,
  type MlcVariant,
} from '../models/catalog.ts';
import { type DeviceProbe, gpuProblemOf } from './device-probe.ts';
import { llamaWebGPU } from './webgpu-check.ts';

export { type DeviceProbe, type GpuProbe, gpuProblemOf, probeDevice } from './device-probe.ts';

/** web-llm's kernels need 32 KiB of workgroup memory; Firefox's WebGPU offers 16 KiB. */
export const WEBLLM_MIN_WORKGROUP_STORAGE = 32 * 1024;
/** WebGPU's guaranteed minimum storage-buffer binding; an adapter offering less is outside the spec, and web-llm assumes at least this. */
export const WEBLLM_MIN_STORAGE_BINDING = 128 * 2 ** 20;
/** iOS Safari kills a tab near 1.5 GB. */
const IOS_TAB_LIMIT_MB = 1400;

/** Memory a model may take here, in MB: part of device memory, leaving room for the OS, the browser and other tabs. */
export function memoryBudgetMB(probe: DeviceProbe): number {
  if (probe.ios) return IOS_TAB_LIMIT_MB;
  const gb = probe.deviceMemoryGB ?? (probe.mobile ? 4 : 8);
  return Math.round(gb * 1024 * (probe.mobile ? 0.5 : 0.75));
}

/** Whether web-llm can run at all here, and if not, why. */
export function webllmProblem(probe: DeviceProbe): Said | null {
  if (!probe.gpu) return gpuProblemOf(probe) ?? say('noWebGPUShort');
  if (probe.gpu.maxComputeWorkgroupStorageSize < WEBLLM_MIN_WORKGROUP_STORAGE) {
    return say('workgroupMemory', { kib: probe.gpu.maxComputeWorkgroupStorageSize / 1024 });
  }
  if (probe.gpu.maxStorageBufferBindingSize < WEBLLM_MIN_STORAGE_BINDING) {
    return say('bufferBinding', { mb: Math.floor(probe.gpu.maxStorageBufferBindingSize / 2 ** 20) });
  }
  return null;
}

/** Why a model was chosen, as data; `describeReason` (and the UI's translations) put it in words. */
export type Reason =
  | { code: 'no-webgpu-engine'; problem: Said }
  | { code: 'f16' }
  | { code: 'no-f16' }
  | { code: 'tight-memory'; budgetMB: number }
  | { code: 'gpu-too-small'; family: string; needMB: number; budgetMB: number }
  | { code: 'cpu' }
  | { code: 'cpu-too-small'; family: string; needMB: number; budgetMB: number }
  | { code: 'instead'; family: string }
  | { code: 'nothing-fits' }
  | { code: 'needs-f16'; model: string }
  | { code: 'webgpu-only'; model: string; problem: Said };

export interface ModelChoice {
  model: CatalogVariant;
  reasons: Reason[];
  /** The wanted family does not fit this device; `model` is a smaller one. */
  downgraded: boolean;
}

const inGB = (megabytes: number) => `${(megabytes / 1024).toFixed(1)} GB`;

/** A reason in English, for logs and the library API. */
export function describeReason(reason: Reason): string {
  switch (reason.code) {
    case 'no-webgpu-engine':
      return `no WebGPU engine: ${inEnglish(reason.problem)}`;
    case 'f16':
      return 'your GPU has shader-f16 → q4f16 variant';
    case 'no-f16':
      return 'your GPU has no shader-f16 → q4f32 variant';
    case 'tight-memory':
      return `memory is tight (about ${inGB(reason.budgetMB)} for this page) → 1k-context variant`;
    case 'gpu-too-small':
      return `${reason.family} needs ${inGB(reason.needMB)} of GPU memory; this device can give a page about ${inGB(reason.budgetMB)}`;
    case 'cpu':
      return 'runs on the CPU with llama.cpp';
    case 'cpu-too-small':
      return `${reason.family} on the CPU needs ${inGB(reason.needMB)}; this device can give a page about ${inGB(reason.budgetMB)}`;
    case 'instead':
      return `using ${reason.family} instead`;
    case 'nothing-fits':
      return 'even the smallest model may not fit this device';
    case 'needs-f16':
      return `${reason.model} needs shader-f16, which this GPU lacks`;
    case 'webgpu-only':
      return `${reason.model} runs only on WebGPU, as it does not fit WebAssembly's 4 GB, and here ${inEnglish(reason.problem)}`;
  }
}

function pickIn(family: CatalogFamily, probe: DeviceProbe, reasons: Reason[]): CatalogVariant | undefined {
  const budget = memoryBudgetMB(probe);
  if (!webllmProblem(probe)) {
    const f16 = probe.gpu?.features.includes('shader-f16') ?? false;
    const quantization = f16 ? 'q4f16_1' : 'q4f32_1';
    const variants = family.variants
      .filter((v): v is MlcVariant => v.engine === 'web-llm' && v.quantization === quantization)
      .sort((a, b) => (b.contextLength ?? 0) - (a.contextLength ?? 0));
    const fit = variants.find((v) => v.vramMB <= budget);
    if (fit) {
      reasons.push({ code: f16 ? 'f16' : 'no-f16' });
      if (fit !== variants[0]) reasons.push({ code: 'tight-memory', budgetMB: budget });
      return fit;
    }
    const least = Math.min(...variants.map((v) => v.vramMB));
    if (variants.length) reasons.push({ code: 'gpu-too-small', family: family.name, needMB: least, budgetMB: budget });
  }
  const gguf = family.variants.find((v): v is GgufVariant => v.engine === 'llama.cpp' && !v.gpuOnly);
  if (gguf && gguf.memoryBytes / 2 ** 20 <= budget) {
    reasons.push({ code: 'cpu' });
    return gguf;
  }
  if (gguf) reasons.push({ code: 'cpu-too-small', family: family.name, needMB: gguf.memoryBytes / 2 ** 20, budgetMB: budget });
  return undefined;
}

/** The best variant of `family` for this device, or a small model (said so) when none fits. */
export function chooseModel(probe: DeviceProbe, family: CatalogFamily = DEFAULT_FAMILY): ModelChoice {
  const reasons: Reason[] = [];
  const problem = webllmProblem(probe);
  if (problem) reasons.push({ code: 'no-webgpu-engine', problem });
  const wanted = pickIn(family, probe, reasons);
  if (wanted) return { model: wanted, reasons, downgraded: false };
  for (const small of CATALOG.filter((f) => f.small && f !== family)) {
    const model = pickIn(small, probe, []);
    if (model) return { model, reasons: [...reasons, { code: 'instead', family: small.name }], downgraded: true };
  }
  // Nothing fits by our estimate: offer the smallest, and let the user decide.
  const smallest = [...ALL_VARIANTS].sort(
    (a, b) => (a.approxBytes ?? a.sizeBytes ?? 0) - (b.approxBytes ?? b.sizeBytes ?? 0),
  )[0] as CatalogVariant;
  return { model: smallest, reasons: [...reasons, { code: 'nothing-fits' }], downgraded: true };
}

/** Whether one catalog variant can run on this device, and if not, why: the reason the catalog shows beside it. */
export function fitOnDevice(variant: CatalogVariant, probe: DeviceProbe): { fits: true } | { fits: false; reason: Reason } {
  const budgetMB = memoryBudgetMB(probe);
  if (variant.engine === 'web-llm') {
    const problem = webllmProblem(probe);
    if (problem) return { fits: false, reason: { code: 'no-webgpu-engine', problem } };
    const missing = variant.requiredFeatures?.some((f) => !probe.gpu?.features.includes(f));
    if (missing) return { fits: false, reason: { code: 'needs-f16', model: variant.name } };
    if (variant.vramMB > budgetMB)
      return { fits: false, reason: { code: 'gpu-too-small', family: variant.name, needMB: variant.vramMB, budgetMB } };
    return { fits: true };
  }
  const needMB = variant.memoryBytes / 2 ** 20;
  if (variant.gpuOnly) {
    const gpu = llamaWebGPU(probe);
    if (!gpu.usable) {
      return { fits: false, reason: { code: 'webgpu-only', model: variant.name, problem: gpu.why } };
    }
    if (needMB > budgetMB) return { fits: false, reason: { code: 'gpu-too-small', family: variant.name, needMB, budgetMB } };
    return { fits: true };
  }
  if (needMB > budgetMB) return { fits: false, reason: { code: 'cpu-too-small', family: variant.name, needMB, budgetMB } };
  return { fits: true };
}
