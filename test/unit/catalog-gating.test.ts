/** Which catalog models each recorded device is offered, and the reason it is given for the others. */
import { describe, expect, it } from 'vitest';
import { chooseModel, type DeviceProbe, describeReason, fitOnDevice } from '../../src/runtime/shared/device/probe.ts';
import { CATALOG, findModel } from '../../src/runtime/shared/models/catalog.ts';
import { FIREFOX, GPU_4GB, GPU_8GB, IPHONE, NO_WEBGPU, SWIFTSHADER } from '../fixtures/recorded-probes.ts';

const verdict = (id: string, probe: DeviceProbe) => {
  const model = findModel(id);
  if (!model) throw new Error(`${id} is not in the catalog`);
  const result = fitOnDevice(model, probe);
  return result.fits ? 'fits' : describeReason(result.reason);
};

const LLAMA_F16 = 'Llama-3.1-8B-Instruct-q4f16_1-MLC';
const LLAMA_F16_1K = 'Llama-3.1-8B-Instruct-q4f16_1-MLC-1k';
const LLAMA_F32 = 'Llama-3.1-8B-Instruct-q4f32_1-MLC';
const NEMO = 'mistral-nemo-12b-instruct-q4_k_m-gguf';
const family = (id: string) => CATALOG.find((f) => f.id === id);

describe('the seed’s local alternatives in the catalog', () => {
  it('lists Llama 3.1 8B’s four web-llm builds and NeMo 12B’s GGUF as large families, with sizes and memory', () => {
    expect(family('llama-3.1-8b')?.variants.map((v) => v.id)).toEqual([
      LLAMA_F16,
      LLAMA_F32,
      LLAMA_F16_1K,
      'Llama-3.1-8B-Instruct-q4f32_1-MLC-1k',
    ]);
    expect(family('llama-3.1-8b')?.large).toBe(true);
    expect(family('mistral-nemo-12b')?.large).toBe(true);
    const nemo = findModel(NEMO);
    expect(nemo).toMatchObject({ engine: 'llama.cpp', gpuOnly: true, quantization: 'Q4_K_M' });
    expect(nemo?.approxBytes).toBeGreaterThan(4 * 1024 ** 3);
  });

  it('an 8 GB GPU with shader-f16 is offered Llama 3.1 8B q4f16 with its 4k context', () => {
    expect(verdict(LLAMA_F16, GPU_8GB)).toBe('fits');
    expect(verdict(LLAMA_F16_1K, GPU_8GB)).toBe('fits');
  });

  it('a 4 GB one is not, and is told how much it needs', () => {
    expect(verdict(LLAMA_F16, GPU_4GB)).toBe(
      'Llama 3.1 8B (WebGPU, q4f16) needs 4.9 GB of GPU memory; this device can give a page about 3.0 GB',
    );
    expect(verdict(LLAMA_F16_1K, GPU_4GB)).toMatch(/^Llama 3\.1 8B \(WebGPU, q4f16, 1k context\) needs 4\.5 GB of GPU memory/);
  });

  it('no shader-f16: only the q4f32 build, and the q4f16 one says why', () => {
    expect(verdict(LLAMA_F16, SWIFTSHADER)).toBe('Llama 3.1 8B (WebGPU, q4f16) needs shader-f16, which this GPU lacks');
    expect(verdict(LLAMA_F32, SWIFTSHADER)).toBe('fits');
  });

  it('the CPU engine never gets NeMo 12B: it cannot fit WebAssembly’s memory', () => {
    for (const probe of [NO_WEBGPU, FIREFOX, SWIFTSHADER]) {
      expect(verdict(NEMO, probe)).toMatch(
        /^Mistral NeMo 12B instruct \(WebGPU, Q4 GGUF\) runs only on WebGPU, as it does not fit WebAssembly's 4 GB, and here /,
      );
    }
    expect(verdict(NEMO, NO_WEBGPU)).toMatch(/here this browser has no WebGPU$/);
    expect(verdict(NEMO, SWIFTSHADER)).toMatch(/here the software adapter lacks shader-f16, which llama\.cpp's WebGPU backend needs$/);
  });

  it('on a GPU llama.cpp can use, NeMo 12B is measured against the memory the browser reports', () => {
    // Browsers report at most 8 GB, so a page is given about 6 GB: NeMo's 8.1 GB is never confirmed.
    expect(verdict(NEMO, GPU_8GB)).toBe(
      'Mistral NeMo 12B instruct (WebGPU, Q4 GGUF) needs 8.1 GB of GPU memory; this device can give a page about 6.0 GB',
    );
  });

  it('no web-llm, no Llama: Firefox’s WebGPU and iOS say why', () => {
    expect(verdict(LLAMA_F32, FIREFOX)).toMatch(/^no WebGPU engine: this browser's WebGPU offers 16 KiB of workgroup memory/);
    expect(verdict(LLAMA_F16_1K, IPHONE)).toMatch(/needs 4\.5 GB of GPU memory; this device can give a page about 1\.4 GB$/);
  });

  it('the large families are never the automatic choice, and the CPU fallback never picks a GPU-only file', () => {
    for (const probe of [GPU_8GB, GPU_4GB, SWIFTSHADER, NO_WEBGPU, FIREFOX, IPHONE]) {
      const chosen = chooseModel(probe).model.id;
      expect(chosen).not.toMatch(/Llama-3\.1|nemo/i);
    }
    const nemo = family('mistral-nemo-12b');
    if (!nemo) throw new Error('no NeMo family');
    // Asked for NeMo where llama.cpp has no WebGPU, the choice is a model that runs, and it says why.
    const onCpu = chooseModel(NO_WEBGPU, nemo);
    expect(onCpu.model.id).not.toBe(NEMO);
    expect(onCpu.downgraded).toBe(true);
  });
});
