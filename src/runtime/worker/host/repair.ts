/**
 * "Repair" for a stored model: finds what its load needs that is missing or the wrong size, and
 * fetches only that, by the engine that stores it (see engines/index.ts).
 */
import type { EmbeddingModelSpec, LoadProgress } from '../../shared/engine.ts';
import { ModelNotFoundError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { WORKER_ENGINES, WORKER_KINDS, workerEngineOf } from '../engines/index.ts';
import { listStoredFiles } from '../store/model-store.ts';
import { modelsAt } from '../store/stored-entries.ts';

/** The model a storage key belongs to: from the catalog, else as its engine remembers it. */
export async function modelOfKey(key: string): Promise<EmbeddingModelSpec> {
  const known = modelsAt(key)[0];
  if (known) return known;
  const files = await listStoredFiles();
  for (const kind of WORKER_KINDS) {
    const spec = await WORKER_ENGINES[kind].specOfKey(key, files);
    if (spec) return spec;
  }
  throw new ModelNotFoundError(say('nothingToRepair'));
}

/** Re-fetches what `model` is missing; resolves with the bytes fetched. */
export function repairModel(
  model: EmbeddingModelSpec,
  options: { signal: AbortSignal; onProgress?: ((p: LoadProgress) => void) | undefined },
): Promise<number> {
  return workerEngineOf(model).repair(model, options);
}
