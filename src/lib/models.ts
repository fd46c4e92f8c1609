/** The library's models: the one its options name, one a request names, and what of each is stored. */

import { chooseModel, type DeviceProbe } from '../runtime/shared/device/probe.ts';
import type { CachedModel, ModelSpec } from '../runtime/shared/engine.ts';
import { storedFiles } from '../runtime/shared/engines/index.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import { ALL_VARIANTS, CATALOG, downloadBytes, modelFromUrl, seesPictures } from '../runtime/shared/models/catalog.ts';
import { wasmChoiceProblem } from '../runtime/shared/wasm/wasm-choice.ts';
import type { Availability, ModelInfo, RuntimeOptions } from './types.ts';

/** A `wasm` option that names no build, said the same way by every call that would run llama.cpp. */
export const wasmOptionProblem = (options: RuntimeOptions): string | null => wasmChoiceProblem(options.wasm, 'createRuntime({ wasm })');

const here = () => (typeof location === 'undefined' ? undefined : location.href);

export interface Models {
  /** The model `id` names ("auto", a catalog id, an address); the options' model when absent. */
  resolve(id?: string): Promise<ModelSpec>;
  /** Whether a model answers here now, after a download, or not at all, by what is stored. */
  availability(model: ModelSpec, stored: readonly CachedModel[]): Availability;
  /** The catalog, and what of each model is stored. */
  catalog(stored: readonly CachedModel[]): ModelInfo[];
}

export function createModels(options: RuntimeOptions, probe: () => Promise<DeviceProbe>): Models {
  // The device-aware choice is made once a runtime (again after a failure): the device does not change under it.
  let auto: Promise<ModelSpec> | null = null;
  const chooseForDevice = () => {
    auto ??= probe().then((p) => chooseModel(p).model);
    auto.catch(() => (auto = null));
    return auto;
  };
  return {
    async resolve(id) {
      const problem = wasmOptionProblem(options);
      if (problem) throw new InvalidRequestError(problem, { param: 'wasm' });
      const own = id === undefined || id === options.model;
      const wanted = (own ? options.model : id) ?? 'auto';
      if (wanted === 'cloud') throw new InvalidRequestError('A cloud runtime has nothing to load on this device.');
      if (wanted === 'auto') return chooseForDevice();
      const known = ALL_VARIANTS.find((v) => v.id === wanted);
      if (known) return known;
      // The options' projector and library belong to the options' own model.
      return modelFromUrl(wanted, here(), own ? (options.modelLib ?? null) : null, own ? (options.mmproj ?? null) : null);
    },
    availability: (model, stored) => (storedFiles(model, stored)?.whole ? 'available' : 'downloadable'),
    catalog: (stored) =>
      CATALOG.flatMap((family) =>
        family.variants.map((v): ModelInfo => {
          const files = storedFiles(v, stored);
          return {
            id: v.id,
            name: v.name,
            engine: v.engine,
            bytes: downloadBytes(v) ?? null,
            stored: files ? (files.whole ? 'complete' : 'partial') : 'none',
            vision: seesPictures(v),
          };
        }),
      ),
  };
}
