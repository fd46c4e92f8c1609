import { describe, expect, it } from 'vitest';
import {
  chooseModel as chooseCoded,
  type DeviceProbe,
  describeReason,
  memoryBudgetMB,
  probeDevice,
} from '../../src/runtime/shared/device/probe.ts';
import { inEnglish, say } from '../../src/runtime/shared/errors/said.ts';
import { findModel } from '../../src/runtime/shared/models/catalog.ts';
import { DESKTOP_F16, FIREFOX, IPHONE, NO_WEBGPU, SWIFTSHADER } from '../fixtures/recorded-probes.ts';

/** The choice with its reasons in English, as the UI shows them in English. */
const choice = (probe: DeviceProbe) => {
  const c = chooseCoded(probe);
  return { ...c, reasons: c.reasons.map(describeReason) };
};

describe('chooseModel', () => {
  it('SwiftShader (no shader-f16, 8 GB): Phi-3 mini q4f32 with its full 4k context', () => {
    const c = choice(SWIFTSHADER);
    expect(c.model.id).toBe('Phi-3-mini-4k-instruct-q4f32_1-MLC');
    expect(c.reasons).toContain('your GPU has no shader-f16 → q4f32 variant');
    expect(c.downgraded).toBe(false);
  });

  it('a GPU with shader-f16: the smaller, faster q4f16 variant', () => {
    expect(choice(DESKTOP_F16).model.id).toBe('Phi-3-mini-4k-instruct-q4f16_1-MLC');
    expect(choice(DESKTOP_F16).reasons).toContain('your GPU has shader-f16 → q4f16 variant');
  });

  it('tight memory: the 1k-context variant, which needs less', () => {
    const c = choice({ ...DESKTOP_F16, deviceMemoryGB: 4 });
    expect(c.model.id).toBe('Phi-3-mini-4k-instruct-q4f16_1-MLC-1k');
    expect(c.reasons.join(' ')).toMatch(/memory is tight .* 1k-context variant/);
  });

  it('too little memory for any Phi-3 on the GPU or CPU: a small model, and it says so', () => {
    const c = choice({ ...SWIFTSHADER, deviceMemoryGB: 4 });
    expect(c.downgraded).toBe(true);
    expect(c.model.id).toBe('SmolLM2-360M-Instruct-q4f32_1-MLC');
    expect(c.reasons.join(' ')).toMatch(/Phi-3 mini 4k instruct needs 3\.1 GB of GPU memory/);
  });

  it('iOS: tabs die near 1.5 GB, so no Phi-3; a small model before any download', () => {
    const c = choice(IPHONE);
    expect(c.downgraded).toBe(true);
    expect(c.model.id).toBe('SmolLM2-360M-Instruct-q4f16_1-MLC');
    expect(memoryBudgetMB(IPHONE)).toBe(1400);
  });

  it('Firefox (16 KiB workgroup storage): web-llm cannot run, llama.cpp on the CPU can', () => {
    const c = choice(FIREFOX);
    expect(c.model.id).toBe('phi-3-mini-4k-instruct-q4-gguf');
    expect(c.reasons[0]).toBe("no WebGPU engine: this browser's WebGPU offers 16 KiB of workgroup memory; web-llm needs 32 KiB");
  });

  it('small buffers (under WebGPU’s guaranteed 128 MB binding): not web-llm, the CPU build', () => {
    const small = {
      ...DESKTOP_F16,
      gpu: { ...(DESKTOP_F16.gpu as NonNullable<DeviceProbe['gpu']>), maxStorageBufferBindingSize: 64 * 2 ** 20 },
    };
    const c = choice(small);
    expect(c.model.id).toBe('phi-3-mini-4k-instruct-q4-gguf');
    expect(c.reasons[0]).toBe("no WebGPU engine: this GPU binds at most 64 MB per buffer; web-llm's models need 128 MB");
  });

  it('no WebGPU: the CPU build; with little memory, the small CPU model', () => {
    expect(choice(NO_WEBGPU).model.id).toBe('phi-3-mini-4k-instruct-q4-gguf');
    expect(choice({ ...NO_WEBGPU, deviceMemoryGB: 2 }).model.id).toBe('qwen2.5-0.5b-instruct-q4_k_m-gguf');
  });

  it('every choice is a catalog model', () => {
    for (const probe of [SWIFTSHADER, DESKTOP_F16, FIREFOX, IPHONE, NO_WEBGPU]) expect(findModel(choice(probe).model.id)).toBeDefined();
  });
});

describe('probeDevice', () => {
  const adapter = {
    features: new Set(['subgroups', 'shader-f16']),
    info: { vendor: 'apple', architecture: 'metal-3', description: '', isFallbackAdapter: false },
    limits: { maxStorageBufferBindingSize: 1 << 30, maxBufferSize: 1 << 30, maxComputeWorkgroupStorageSize: 32768 },
  };

  it('reads the adapter, memory and platform', async () => {
    const probe = await probeDevice({
      gpu: { requestAdapter: async () => adapter },
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15',
      hardwareConcurrency: 6,
    });
    expect(probe).toMatchObject({ ios: true, mobile: true, deviceMemoryGB: null, cores: 6 });
    expect(probe.gpu?.features).toEqual(['shader-f16', 'subgroups']);
  });

  it('spots an iPad that says it is a Mac', async () => {
    const probe = await probeDevice({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', maxTouchPoints: 5 });
    expect(probe.ios).toBe(true);
    expect(probe.gpuProblem).toEqual(say('noWebGPUHere'));
  });

  it('reports an adapter request that fails instead of throwing', async () => {
    const probe = await probeDevice({
      userAgent: 'x',
      gpu: {
        requestAdapter: async () => {
          throw new Error('GPU process crashed');
        },
      },
    });
    expect(probe.gpu).toBeNull();
    expect(probe.gpuProblem && inEnglish(probe.gpuProblem)).toMatch(/GPU process crashed/);
  });
});
