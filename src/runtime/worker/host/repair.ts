/**
 * "Repair" for a stored model: finds what its load needs that is missing or the wrong size, and
 * fetches only that. An MLC model's shards are checked against tensor-cache.json; a GGUF file that
 * stopped part-way resumes after its last whole chunk, as do an ONNX model's graph and tokenizer.
 */

import type { EmbeddingModelSpec, GgufModelSpec, LoadProgress, MlcModelSpec } from '../../shared/engine.ts';
import { ModelNotFoundError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { ALL_VARIANTS } from '../../shared/models/catalog.ts';
import { EMBEDDING_MODELS, onnxModelFrom } from '../../shared/models/embedding-models.ts';
import { onnxFiles } from '../engines/onnx/onnx-embedder.ts';
import { deleteRecords } from '../engines/web-llm/cache-db.ts';
import { cacheKeyOf, recordSize } from '../engines/web-llm/cached-models.ts';
import { downloadMissing, resolveModelFiles } from '../engines/web-llm/model-files.ts';
import { mlcRecord } from '../store/mlc-registry.ts';
import { prepareModelFile } from '../store/model-download.ts';
import { readRecord as readFileRecord } from '../store/model-store.ts';

/** The model a storage key (a GGUF URL or an MLC base URL) belongs to: from the catalog, else as remembered when it was loaded. */
export async function modelOfKey(key: string): Promise<EmbeddingModelSpec> {
  const known = [...ALL_VARIANTS, ...EMBEDDING_MODELS].find((v) => (v.engine === 'web-llm' ? cacheKeyOf(v) === key : v.url === key));
  if (known) return known;
  const mlc = await mlcRecord(key);
  if (mlc) return { engine: 'web-llm', id: mlc.id, name: mlc.name, url: mlc.base, modelLib: mlc.lib } satisfies MlcModelSpec;
  // An ONNX model's graph (its tokenizer is stored as part of it, beside an onnx/ folder or the file).
  if ((await readFileRecord(key)) && /\.onnx$/i.test(new URL(key).pathname)) return onnxModelFrom(new URL(key));
  if (await readFileRecord(key))
    return { engine: 'llama.cpp', id: key, name: key.split('/').pop() ?? key, url: key } satisfies GgufModelSpec;
  throw new ModelNotFoundError(say('nothingToRepair'));
}

/** Re-fetches what `model` is missing; resolves with the bytes fetched. */
export async function repairModel(
  model: EmbeddingModelSpec,
  options: { signal: AbortSignal; onProgress?: ((p: LoadProgress) => void) | undefined },
): Promise<number> {
  if (model.engine === 'llama.cpp') return prepareModelFile(model, options);
  if (model.engine === 'onnx') {
    let fetched = 0;
    for (const file of onnxFiles(model)) fetched += await prepareModelFile(file, options);
    return fetched;
  }
  const files = await resolveModelFiles(model, options.signal);
  // A shard of the wrong size (a damaged record, a changed mirror) is dropped, so it is fetched again.
  const wrong = [];
  for (const file of files.files) {
    if (file.bytes === undefined) continue;
    const size = await recordSize(file.scope, file.url);
    if (size !== 0 && size !== file.bytes) wrong.push(file);
  }
  for (const file of wrong) await deleteRecords(file.scope, [file.url]);
  return downloadMissing(model, files, options);
}
