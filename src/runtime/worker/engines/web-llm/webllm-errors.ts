/**
 * web-llm's errors as ours. Some of its failures carry their cause only in the message text ("Failed
 * to store <url> with error: …"), so those are matched by text. `details.nextSteps` lists what the
 * UI can offer instead: cpu (the llama.cpp engine), cloud, variant (q4f32), smaller, reload.
 */

import type { LoadedModel, MlcModelSpec } from '../../../shared/engine.ts';
import {
  AbortError,
  ContextWindowExceededError,
  DeviceLostError,
  InferenceError,
  InPageError,
  InvalidModelError,
  isAbortError,
  ModelLoadError,
  NetworkError,
  type NextStep,
  QuotaExceededError,
  WebGPUUnavailableError,
} from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const DEVICE_LOST_STEPS: readonly NextStep[] = ['reload', 'smaller', 'cpu', 'cloud'];

export function mapWebLLMError(error: unknown, spec: MlcModelSpec | LoadedModel, stage: 'load' | 'chat'): Error {
  if (error instanceof InPageError) return error;
  if (isAbortError(error)) return new AbortError(say(stage === 'load' ? 'loadingCancelled' : 'stopped'));
  const name = error instanceof Error ? error.name : '';
  const message = messageOf(error);
  switch (name) {
    case 'WebGPUNotAvailableError':
    case 'WebGPUNotFoundError':
      return new WebGPUUnavailableError(say('noWebGPU', { adapter: name === 'WebGPUNotFoundError' }), { nextSteps: ['cpu', 'cloud'] });
    case 'ShaderF16SupportError':
    case 'FeatureSupportError':
      return new WebGPUUnavailableError(
        say('gpuFeature', { name: spec.name, feature: name === 'ShaderF16SupportError' ? 'shader-f16' : message }),
        { nextSteps: ['variant', 'cpu', 'cloud'] },
      );
    case 'DeviceLostError':
      return new DeviceLostError(say('deviceLost'), { fatal: true, nextSteps: DEVICE_LOST_STEPS });
    case 'EmbeddingExceedContextWindowSizeError':
      return new ContextWindowExceededError(say('embedInputTooLong', { name: spec.name, contextLength: spec.contextLength ?? 512 }), {
        contextLength: spec.contextLength ?? 512,
      });
    case 'ContextWindowSizeExceededError':
      return new ContextWindowExceededError(say('messageTooLong', { name: spec.name }), { contextLength: spec.contextLength ?? 0 });
    case 'IntegrityError':
      return new InvalidModelError(say('mlcChecksum', { name: spec.name }));
    case 'CompileError':
    case 'LinkError':
      return new ModelLoadError(say('mlcLibrary', { name: spec.name, reason: message }), {
        reason: 'library',
        nextSteps: ['cpu', 'cloud'],
      });
  }
  if (/QuotaExceededError/i.test(message)) {
    return new QuotaExceededError(say('mlcOutOfRoom'));
  }
  if (/Failed to store|Failed to fetch|NetworkError|Network response was not ok|Cannot fetch/i.test(message)) {
    return new NetworkError(say('mlcPartMissing', { name: spec.name, reason: message }));
  }
  if (/device (was )?lost|GPUDevice/i.test(message)) {
    return new DeviceLostError(say('deviceLost'), { fatal: true, nextSteps: DEVICE_LOST_STEPS });
  }
  if (stage === 'chat') {
    return new InferenceError(say('webllmAnswerFailed', { reason: message }), { fatal: false });
  }
  return new ModelLoadError(say('webllmLoadFailed', { name: spec.name, reason: message }), { nextSteps: ['cpu', 'cloud'] });
}
