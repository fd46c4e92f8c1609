/** Turns what llama.cpp (through wllama) says into named errors and a plain account of the backend. */

import type { WebGPUVerdict } from '../../../shared/device/webgpu-check.ts';
import type { Backend, LoadedModel, ModelSpec } from '../../../shared/engine.ts';
import {
  ContextWindowExceededError,
  InferenceError,
  InvalidModelError,
  InvalidRequestError,
  ModelLoadError,
  OutOfMemoryError,
  UnsupportedFeatureError,
} from '../../../shared/errors/errors.ts';
import { type Said, say } from '../../../shared/errors/said.ts';
import type { EnforcedFeature } from '../../../shared/words/en.ts';

const OOM = /out of memory|cannot enlarge memory|\boom\b|failed to allocate|bad_alloc|memory access out of bounds/i;

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^\(ABORT\)\s*/, '').trim();
}

/** The last line in which llama.cpp itself explained a failure. */
function nativeReason(log: readonly string[]): string | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const line = log[i] as string;
    if (/error|failed|unknown model architecture|not supported|invalid/i.test(line)) return line.replace(/^\S+:\s*/, '').trim();
  }
  return undefined;
}

export function mapLoadError(error: unknown, log: readonly string[], spec: ModelSpec): Error {
  const reason = nativeReason(log) ?? messageOf(error);
  const text = `${messageOf(error)} ${reason}`;
  if (OOM.test(text)) {
    return new OutOfMemoryError(say('loadOutOfMemory', { name: spec.name }));
  }
  const arch = /unknown model architecture: '([^']+)'/.exec(text);
  if (arch) {
    return new InvalidModelError(say('architecture', { name: spec.name, arch: arch[1] ?? '' }), {
      reason: 'architecture',
    });
  }
  return new ModelLoadError(say('llamaLoadFailed', { name: spec.name, reason }));
}

/** llama.cpp refusing a request's sampler or grammar: the same request fails the same way every time. */
const SAMPLER = /failed to (initialize|initialise) samplers|failed to parse grammar|grammar|sampler.*(invalid|unknown)/i;

/**
 * `feature` names what the request asked llama.cpp to enforce ("JSON Schema", "tools"), if anything:
 * a sampler that cannot be set up for it is a limit of this model with this engine, not a hiccup.
 */
export function mapChatError(error: unknown, model: LoadedModel, feature: EnforcedFeature | null = null): Error {
  const message = messageOf(error);
  if (SAMPLER.test(message)) {
    const details = { engine: 'llama.cpp', model: model.name, reason: message };
    return feature
      ? new UnsupportedFeatureError(say('cannotEnforce', { feature, model: model.name, reason: message }), { ...details, feature })
      : new InvalidRequestError(say('samplingRefused', { model: model.name, reason: message }), {
          ...details,
          feature: 'sampling settings',
        });
  }
  if (/context|exceed|kv cache|n_ctx/i.test(message)) {
    return new ContextWindowExceededError(say('contextFull', { model: model.name, contextLength: model.contextLength }), {
      contextLength: model.contextLength,
    });
  }
  // A RuntimeError means the WebAssembly instance aborted: it cannot be used again.
  const fatal = error instanceof Error && error.name === 'RuntimeError';
  if (fatal && OOM.test(message)) {
    return new OutOfMemoryError(say('answerOutOfMemory', { model: model.name }), { fatal });
  }
  return new InferenceError(say(fatal ? 'llamaStopped' : 'llamaAnswerFailed', { reason: message }), { fatal });
}

/** What llama.cpp actually used, read from its load log: it falls back to the CPU without an error. */
export function backendFromLog(log: readonly string[], gpu: WebGPUVerdict): { backend: Backend; note: Said } {
  const found = (backend: Backend, note: Said) => ({ backend, note });
  for (const line of log) {
    const offloaded = /offloaded (\d+)\/(\d+) layers to GPU/.exec(line);
    if (gpu.usable && offloaded && Number(offloaded[1]) > 0) {
      return found('webgpu', say('layersOnGpu', { n: Number(offloaded[1]), of: Number(offloaded[2]) }));
    }
  }
  if (gpu.usable && log.some((line) => /WebGPU\S* model buffer size/i.test(line))) return found('webgpu', say('someLayersOnGpu'));
  if (gpu.usable) return found('cpu', say('cpuKeptLayers'));
  return found('cpu', gpu.why);
}
