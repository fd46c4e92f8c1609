/** The models an error's alternatives point to: the CPU build, the q4f32 variant, a smaller model, one that sees, or the same again. */

import { chooseModel, type DeviceProbe, fitOnDevice } from '../runtime/shared/device/probe.ts';
import type { ModelSpec } from '../runtime/shared/engine.ts';
import type { NextStep as Alternative } from '../runtime/shared/errors/errors.ts';
import { ALL_VARIANTS, CATALOG, familyOf, PHI3_MINI_Q4_GGUF } from '../runtime/shared/models/catalog.ts';

export function alternativeModel(kind: Alternative, current: ModelSpec, probe: DeviceProbe | null): ModelSpec | null {
  const family = familyOf(current.id);
  switch (kind) {
    case 'reload':
      return current;
    case 'cpu':
      return family?.variants.find((v) => v.engine === 'llama.cpp' && !v.gpuOnly) ?? PHI3_MINI_Q4_GGUF;
    case 'variant': {
      if (current.engine !== 'web-llm') return null;
      const id = current.id.replace('q4f16_1', 'q4f32_1');
      return id === current.id ? null : (ALL_VARIANTS.find((v) => v.id === id) ?? null);
    }
    case 'smaller': {
      if (current.engine === 'web-llm' && !current.id.endsWith('-1k')) {
        const oneK = ALL_VARIANTS.find((v) => v.id === `${current.id}-1k`);
        if (oneK) return oneK;
      }
      const small = CATALOG.find((f) => f.small && f !== family);
      return small && probe ? chooseModel(probe, small).model : (small?.variants[0] ?? null);
    }
    case 'vision': {
      // One that sees and fits here, on the engine already in use where one does; without a probe, the one that runs on any CPU.
      const seeing = CATALOG.filter((f) => f.vision)
        .flatMap((f) => f.variants)
        .sort((a, b) => Number(b.engine === current.engine) - Number(a.engine === current.engine));
      const fits = probe ? seeing.find((v) => fitOnDevice(v, probe).fits) : undefined;
      return fits ?? seeing.find((v) => v.engine === 'llama.cpp') ?? null;
    }
    case 'cloud':
    case 'page':
      return null; // not a model: the cloud and a page reload are offered as actions of their own
  }
}
