/**
 * web-llm's errors as ours. Some of its failures carry their cause only in the message text ("Failed
 * to store <url> with error: …"), so those are matched by text. `details.alternatives` lists what the
 * UI can offer instead: cpu (the llama.cpp engine), cloud, variant (q4f32), smaller, reload.
 */
import type { LoadedModel, MlcModelSpec } from '../../engine.ts';
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
  QuotaExceededError,
  WebGPUUnavailableError,
} from '../../errors.ts';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const DEVICE_LOST =
  'The GPU stopped working (this usually means it ran out of memory). Load the model again, choose a smaller variant, or use the CPU engine or the cloud.';

export function mapWebLLMError(error: unknown, spec: MlcModelSpec | LoadedModel, stage: 'load' | 'chat'): Error {
  if (error instanceof InPageError) return error;
  if (isAbortError(error)) return new AbortError(stage === 'load' ? 'Loading cancelled.' : 'Stopped.');
  const name = error instanceof Error ? error.name : '';
  const message = messageOf(error);
  switch (name) {
    case 'WebGPUNotAvailableError':
    case 'WebGPUNotFoundError':
      return new WebGPUUnavailableError(
        `This browser cannot run the WebGPU engine (${name === 'WebGPUNotFoundError' ? 'no GPU adapter' : 'no WebGPU'}). Use the CPU engine or the cloud.`,
        { alternatives: 'cpu,cloud' },
      );
    case 'ShaderF16SupportError':
    case 'FeatureSupportError':
      return new WebGPUUnavailableError(
        `Your GPU lacks a feature ${spec.name} needs (${name === 'ShaderF16SupportError' ? 'shader-f16' : message}). Choose the q4f32 variant, or use the CPU engine.`,
        { alternatives: 'variant,cpu,cloud' },
      );
    case 'DeviceLostError':
      return new DeviceLostError(DEVICE_LOST, { fatal: true, alternatives: 'reload,smaller,cpu,cloud' });
    case 'ContextWindowSizeExceededError':
      return new ContextWindowExceededError(
        `Your message is too long for ${spec.name}'s context window. Shorten it, or start a new conversation.`,
        { contextLength: spec.contextLength ?? 0 },
      );
    case 'IntegrityError':
      return new InvalidModelError(`A file of ${spec.name} does not match its published checksum. Delete the model and download it again.`);
    case 'CompileError':
    case 'LinkError':
      return new ModelLoadError(
        `The model library for ${spec.name} could not be loaded (${message}). It must be the library built for this model and web-llm 0.2.86. ` +
          'You can run a model on the CPU engine instead, or use the cloud.',
        { reason: 'library', alternatives: 'cpu,cloud' },
      );
  }
  if (/QuotaExceededError/i.test(message)) {
    return new QuotaExceededError(
      'This browser ran out of room for the model. Free up disk space or delete other downloaded models, then try again.',
    );
  }
  if (/Failed to store|Failed to fetch|NetworkError|Network response was not ok|Cannot fetch/i.test(message)) {
    return new NetworkError(`Part of ${spec.name} could not be downloaded (${message}). Check your connection and try again.`);
  }
  if (/device (was )?lost|GPUDevice/i.test(message)) {
    return new DeviceLostError(DEVICE_LOST, { fatal: true, alternatives: 'reload,smaller,cpu,cloud' });
  }
  if (stage === 'chat') {
    return new InferenceError(`web-llm failed while answering: ${message}. Try again; if it keeps failing, load the model again.`, {
      fatal: false,
    });
  }
  return new ModelLoadError(`web-llm could not load ${spec.name}: ${message}.`, { alternatives: 'cpu,cloud' });
}
