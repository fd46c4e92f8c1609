import { describe, expect, it } from 'vitest';
import type { DeviceProbe } from '../../src/runtime/shared/device/probe.ts';
import { llamaWebGPU } from '../../src/runtime/shared/device/webgpu-check.ts';
import type { LoadedModel } from '../../src/runtime/shared/engine.ts';
import {
  ContextWindowExceededError,
  cannotRunLocally,
  InferenceError,
  InvalidModelError,
  InvalidRequestError,
  ModelLoadError,
  OutOfMemoryError,
  UnsupportedFeatureError,
} from '../../src/runtime/shared/errors/errors.ts';
import { inEnglish, say } from '../../src/runtime/shared/errors/said.ts';
import { backendFromLog, mapChatError, mapLoadError } from '../../src/runtime/worker/engines/llama-cpp/llama-errors.ts';
import { SWIFTSHADER } from '../fixtures/recorded-probes.ts';

const spec = { engine: 'llama.cpp' as const, id: 'm', name: 'm.gguf', url: 'https://x/m.gguf' };
const model = { ...spec, contextLength: 4096 } as LoadedModel;
const runtimeError = (message: string) => Object.assign(new Error(message), { name: 'RuntimeError' });

describe('mapLoadError', () => {
  it('explains an architecture llama.cpp does not know', () => {
    const error = mapLoadError(
      new Error('Failed to load model'),
      ["llama_model_load: error loading model: unknown model architecture: 'phi9'"],
      spec,
    );
    expect(error).toBeInstanceOf(InvalidModelError);
    expect(error.message).toBe('m.gguf uses the "phi9" architecture, which this version of llama.cpp cannot run.');
  });

  it('recognises running out of memory', () => {
    expect(mapLoadError(runtimeError('(ABORT) Cannot enlarge memory'), [], spec)).toBeInstanceOf(OutOfMemoryError);
  });

  it('passes on llama.cpp’s own reason otherwise', () => {
    const error = mapLoadError(
      new Error('Failed to load model'),
      ['llama_model_load: error loading model: tensor data is not within file bounds'],
      spec,
    );
    expect(error).toBeInstanceOf(ModelLoadError);
    expect(error.message).toContain('tensor data is not within file bounds');
  });
});

describe('mapChatError', () => {
  it('names the context window', () => {
    const error = mapChatError(new Error('the request exceeds the available context size'), model);
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    expect(error.message).toContain('4096-token context window of m.gguf');
  });

  it('marks an aborted WebAssembly instance as fatal, so the model is loaded again', () => {
    const error = mapChatError(runtimeError('(ABORT) unreachable'), model) as InferenceError;
    expect(error).toBeInstanceOf(InferenceError);
    expect(error.details.fatal).toBe(true);
    expect((mapChatError(new Error('sampler failed'), model) as InferenceError).details.fatal).toBe(false);
  });
});

describe('mapChatError on a sampler llama.cpp cannot set up', () => {
  const refused = new Error('Failed to initialize samplers: std::exception');

  it('names the feature and the model, says retrying will not help, and lets the cloud step in', () => {
    const error = mapChatError(refused, model, 'a JSON Schema') as UnsupportedFeatureError;
    expect(error).toBeInstanceOf(UnsupportedFeatureError);
    expect(error.details).toMatchObject({ feature: 'a JSON Schema', engine: 'llama.cpp', model: 'm.gguf' });
    expect(error.message).toBe(
      'llama.cpp cannot enforce a JSON Schema with m.gguf (Failed to initialize samplers: std::exception). Trying again will not help: send this request to the cloud model, or choose another model.',
    );
    expect(error.message).not.toMatch(/try again/i);
    expect(cannotRunLocally(error)).toBe(true);
    expect(mapChatError(new Error('failed to parse grammar'), model, 'tools')).toBeInstanceOf(UnsupportedFeatureError);
  });

  it('calls it a bad request when nothing was to be enforced, which the cloud would not fix', () => {
    const error = mapChatError(refused, model) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.details).toMatchObject({ feature: 'sampling settings', model: 'm.gguf' });
    expect(cannotRunLocally(error)).toBe(false);
  });
});

describe('backendFromLog', () => {
  const usable = { usable: true, why: say('f16ForLlama') };
  it('reads offloaded layers from the load log', () => {
    const found = backendFromLog(['load_tensors: offloaded 33/33 layers to GPU'], usable);
    expect(found).toEqual({ backend: 'webgpu', note: say('layersOnGpu', { n: 33, of: 33 }) });
    expect(inEnglish(found.note)).toBe('33 of 33 layers on the GPU');
  });
  it('reports the CPU, and why, when nothing was offloaded', () => {
    expect(backendFromLog(['load_tensors: CPU model buffer size = 7.28 MiB'], usable).backend).toBe('cpu');
    expect(backendFromLog([], { usable: false, why: say('noAdapter') })).toEqual({ backend: 'cpu', note: say('noAdapter') });
  });
});

describe('llamaWebGPU', () => {
  it('needs shader-f16, as ggml-webgpu does', () => {
    const withF16 = {
      ...SWIFTSHADER,
      gpu: { ...SWIFTSHADER.gpu, features: ['shader-f16', 'subgroups'], isFallbackAdapter: false },
    } as DeviceProbe;
    expect(llamaWebGPU(withF16).usable).toBe(true);
    const verdict = llamaWebGPU(SWIFTSHADER);
    expect(verdict.usable).toBe(false);
    expect(inEnglish(verdict.why)).toBe("the software adapter lacks shader-f16, which llama.cpp's WebGPU backend needs");
  });

  it('passes on why there is no adapter', () => {
    expect(llamaWebGPU({ ...SWIFTSHADER, gpu: null, gpuProblem: say('noWebGPUHere') }).why).toEqual(say('noWebGPUHere'));
  });
});
