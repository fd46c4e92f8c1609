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

/** Why a model was chosen, or why one is not offered here: a key the page words in the reader's language. */
export type Reason = Said<
  | 'reasonNoWebgpuEngine'
  | 'reasonF16'
  | 'reasonNoF16'
  | 'reasonTightMemory'
  | 'reasonGpuTooSmall'
  | 'reasonCpu'
  | 'reasonCpuTooSmall'
  | 'reasonInstead'
  | 'reasonNothingFits'
  | 'reasonNeedsF16'
  | 'reasonWebgpuOnly'
>;

export interface ModelChoice {
  model: CatalogVariant;
  reasons: Reason[];
  /** The wanted family does not fit this device; `model` is a smaller one. */
  downgraded: boolean;
}

/** A reason in English, for logs and the library API. */
export const describeReason = (reason: Reason): string => inEnglish(reason);

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
      reasons.push(say(f16 ? 'reasonF16' : 'reasonNoF16'));
      if (fit !== variants[0]) reasons.push(say('reasonTightMemory', { budgetMB: budget }));
      return fit;
    }
    const least = Math.min(...variants.map((v) => v.vramMB));
    if (variants.length) reasons.push(say('reasonGpuTooSmall', { family: family.name, needMB: least, budgetMB: budget }));
  }
  const gguf = family.variants.find((v): v is GgufVariant => v.engine === 'llama.cpp' && !v.gpuOnly);
  if (gguf && gguf.memoryBytes / 2 ** 20 <= budget) {
    reasons.push(say('reasonCpu'));
    return gguf;
  }
  if (gguf) reasons.push(say('reasonCpuTooSmall', { family: family.name, needMB: gguf.memoryBytes / 2 ** 20, budgetMB: budget }));
  return undefined;
}

/** The best variant of `family` for this device, or a small model (said so) when none fits. */
export function chooseModel(probe: DeviceProbe, family: CatalogFamily = DEFAULT_FAMILY): ModelChoice {
  const reasons: Reason[] = [];
  const problem = webllmProblem(probe);
  if (problem) reasons.push(say('reasonNoWebgpuEngine', { problem }));
  const wanted = pickIn(family, probe, reasons);
  if (wanted) return { model: wanted, reasons, downgraded: false };
  for (const small of CATALOG.filter((f) => f.small && f !== family)) {
    const model = pickIn(small, probe, []);
    if (model) return { model, reasons: [...reasons, say('reasonInstead', { family: small.name })], downgraded: true };
  }
  // Nothing fits by our estimate: offer the smallest, and let the user decide.
  const smallest = [...ALL_VARIANTS].sort(
    (a, b) => (a.approxBytes ?? a.sizeBytes ?? 0) - (b.approxBytes ?? b.sizeBytes ?? 0),
  )[0] as CatalogVariant;
  return { model: smallest, reasons: [...reasons, say('reasonNothingFits')], downgraded: true };
}

/** Whether one catalog variant can run on this device, and if not, why: the reason the catalog shows beside it. */
export function fitOnDevice(variant: CatalogVariant, probe: DeviceProbe): { fits: true } | { fits: false; reason: Reason } {
  const budgetMB = memoryBudgetMB(probe);
  if (variant.engine === 'web-llm') {
    const problem = webllmProblem(probe);
    if (problem) return { fits: false, reason: say('reasonNoWebgpuEngine', { problem }) };
    const missing = variant.requiredFeatures?.some((f) => !probe.gpu?.features.includes(f));
    if (missing) return { fits: false, reason: say('reasonNeedsF16', { model: variant.name }) };
    if (variant.vramMB > budgetMB)
      return { fits: false, reason: say('reasonGpuTooSmall', { family: variant.name, needMB: variant.vramMB, budgetMB }) };
    return { fits: true };
  }
  const needMB = variant.memoryBytes / 2 ** 20;
  if (variant.gpuOnly) {
    const gpu = llamaWebGPU(probe);
    if (!gpu.usable) {
      return { fits: false, reason: say('reasonWebgpuOnly', { model: variant.name, problem: gpu.why }) };
    }
    if (needMB > budgetMB) return { fits: false, reason: say('reasonGpuTooSmall', { family: variant.name, needMB, budgetMB }) };
    return { fits: true };
  }
  if (needMB > budgetMB) return { fits: false, reason: say('reasonCpuTooSmall', { family: variant.name, needMB, budgetMB }) };
  return { fits: true };
}
