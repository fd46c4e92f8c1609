/** Our web-llm records must match the installed web-llm's own list, or loads fetch the wrong library. */
import { modelLibURLPrefix, modelVersion, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { modelBaseUrl } from '../../src/runtime/shared/engines/web-llm.ts';
import { ALL_VARIANTS, type MlcVariant, WEBLLM_LIB_PREFIX } from '../../src/runtime/shared/models/catalog.ts';
import { appConfigFor, uploadProgress } from '../../src/runtime/worker/engines/web-llm/webllm-engine.ts';

const ours = ALL_VARIANTS.filter((v): v is MlcVariant => v.engine === 'web-llm');

describe('the web-llm catalog', () => {
  it('uses the library folder of the installed web-llm', () => {
    expect(WEBLLM_LIB_PREFIX).toBe(`${modelLibURLPrefix}${modelVersion}/`);
  });

  it.each(ours.map((v) => [v.id, v] as const))('%s matches web-llm’s prebuilt record', (_id, variant) => {
    const record = prebuiltAppConfig.model_list.find((r) => r.model_id === variant.id);
    expect(record, 'web-llm lists this model').toBeDefined();
    expect(variant.url).toBe(record?.model);
    expect(variant.modelLib).toBe(record?.model_lib);
    expect(variant.vramMB).toBe(record?.vram_required_MB);
    expect(variant.contextLength).toBe(record?.overrides?.context_window_size);
    // web-llm omits shader-f16 on most q4f16 records (so it never raises its error for Phi); ours always says it.
    for (const feature of record?.required_features ?? []) expect(variant.requiredFeatures).toContain(feature);
    expect(variant.requiredFeatures?.includes('shader-f16') ?? false).toBe(variant.quantization === 'q4f16_1');
  });

  it('gives web-llm an app config with the IndexedDB backend and this one model', () => {
    const spec = ours.find((v) => v.id === 'Phi-3-mini-4k-instruct-q4f16_1-MLC-1k') as MlcVariant;
    expect(appConfigFor(spec)).toEqual({
      cacheBackend: 'indexeddb',
      model_list: [
        {
          model: 'https://huggingface.co/mlc-ai/Phi-3-mini-4k-instruct-q4f16_1-MLC',
          model_id: 'Phi-3-mini-4k-instruct-q4f16_1-MLC-1k',
          model_lib: `${WEBLLM_LIB_PREFIX}Phi-3-mini-4k-instruct-q4f16_1_cs1k-webgpu.wasm`,
          vram_required_MB: 2520.07,
          required_features: ['shader-f16'],
          overrides: { context_window_size: 1024 },
        },
      ],
    });
  });
});

describe('modelBaseUrl', () => {
  it('adds resolve/main/ as web-llm does, and leaves a /resolve/<rev>/ address alone', () => {
    expect(modelBaseUrl('https://huggingface.co/mlc-ai/X-MLC')).toBe('https://huggingface.co/mlc-ai/X-MLC/resolve/main/');
    expect(modelBaseUrl('http://127.0.0.1:9/mlc/X/')).toBe('http://127.0.0.1:9/mlc/X/resolve/main/');
    expect(modelBaseUrl('https://m.example/X/resolve/v2/')).toBe('https://m.example/X/resolve/v2/');
  });
});

describe('uploadProgress', () => {
  it('turns web-llm’s loading reports into typed GPU-upload progress', () => {
    const p = uploadProgress(
      { progress: 0.25, timeElapsed: 6, text: 'Loading model from cache[18/70]: 512MB loaded. 25% completed, 6 secs elapsed.' },
      2e9,
    );
    expect(p).toEqual({ phase: 'gpu-upload', loadedBytes: 5e8, totalBytes: 2e9, files: { done: 18, total: 70 }, etaSeconds: 18 });
    expect(uploadProgress({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' }, 2e9)).toBeNull();
  });
});
