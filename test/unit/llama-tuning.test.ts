import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/runtime/shared/errors/errors.ts';
import { CPU_TUNING, resolveTuning } from '../../src/runtime/worker/engines/llama-cpp/llama-tuning.ts';

describe("llama.cpp's settings", () => {
  it('on the CPU: flash attention and a q8_0 KV cache; on WebGPU: llama.cpp decides', () => {
    expect(resolveTuning(false)).toEqual(CPU_TUNING);
    expect(CPU_TUNING).toEqual({ flash_attn: true, cache_type: 'q8_0' });
    expect(resolveTuning(true)).toEqual({});
  });

  it('what is asked wins; flash attention off brings the f16 cache, since llama.cpp stops on a quantized V cache without it', () => {
    expect(resolveTuning(false, { n_batch: 256 })).toEqual({ ...CPU_TUNING, n_batch: 256 });
    expect(resolveTuning(false, { flash_attn: false })).toEqual({ flash_attn: false, cache_type: 'f16' });
    expect(resolveTuning(true, { flash_attn: false })).toEqual({ flash_attn: false });
  });

  it('refuses a q8_0 cache without flash attention, saying which to change', () => {
    const both = () => resolveTuning(false, { flash_attn: false, cache_type: 'q8_0' });
    expect(both).toThrow(InvalidRequestError);
    expect(both).toThrow('A q8_0 KV cache needs flash attention: set flash_attn to true, or cache_type to "f16".');
  });
});
