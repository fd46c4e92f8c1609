/** The models that see: in the catalog, counted with their projector, and offered when a picture meets a model that cannot see. */
import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  downloadBytes,
  findModel,
  PHI3_MINI_Q4_GGUF,
  SMOLVLM2_500M_GGUF,
  seesPictures,
} from '../../src/runtime/shared/models/catalog.ts';
import { alternativeModel } from '../../src/state/alternatives.ts';
import { GPU_4GB, GPU_8GB, NO_WEBGPU, SWIFTSHADER } from '../fixtures/recorded-probes.ts';

const PHI_F16 = 'Phi-3.5-vision-instruct-q4f16_1-MLC';
const PHI_F32 = 'Phi-3.5-vision-instruct-q4f32_1-MLC';
const phi3 = findModel('Phi-3-mini-4k-instruct-q4f16_1-MLC');

describe('models that see', () => {
  it('are Phi-3.5-vision on WebGPU (q4f16 and q4f32) and SmolVLM2 500M with its projector on llama.cpp', () => {
    expect(CATALOG.filter((f) => f.vision).map((f) => f.variants.map((v) => v.id))).toEqual([[PHI_F16, PHI_F32], [SMOLVLM2_500M_GGUF.id]]);
    for (const family of CATALOG) for (const v of family.variants) expect(seesPictures(v), v.id).toBe(family.vision === true);
    expect(SMOLVLM2_500M_GGUF.mmproj?.url).toMatch(/\/mmproj-SmolVLM2-500M-Video-Instruct-Q8_0\.gguf$/);
    // A vision family is never the small model chat falls back to.
    expect(CATALOG.filter((f) => f.vision).every((f) => !f.small)).toBe(true);
  });

  it('are downloaded with their projector, and their size says so', () => {
    expect(downloadBytes(SMOLVLM2_500M_GGUF)).toBe(0.437e9 + 0.109e9);
    expect(downloadBytes(PHI3_MINI_Q4_GGUF)).toBe(PHI3_MINI_Q4_GGUF.sizeBytes);
  });

  it('are offered on the engine already in use where one fits there, else on the CPU', () => {
    const smol = SMOLVLM2_500M_GGUF.id;
    expect(alternativeModel('vision', phi3 ?? PHI3_MINI_Q4_GGUF, GPU_8GB)?.id).toBe(PHI_F16);
    expect(alternativeModel('vision', phi3 ?? PHI3_MINI_Q4_GGUF, SWIFTSHADER)?.id, 'no f16, and 7 GB for q4f32').toBe(smol);
    expect(alternativeModel('vision', phi3 ?? PHI3_MINI_Q4_GGUF, GPU_4GB)?.id).toBe(smol);
    expect(alternativeModel('vision', phi3 ?? PHI3_MINI_Q4_GGUF, NO_WEBGPU)?.id).toBe(smol);
    expect(alternativeModel('vision', PHI3_MINI_Q4_GGUF, GPU_8GB)?.id).toBe(smol);
    expect(alternativeModel('vision', PHI3_MINI_Q4_GGUF, null)?.id).toBe(smol);
  });
});
