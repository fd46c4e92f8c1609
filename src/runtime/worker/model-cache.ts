/** Every model stored in this browser, from both engines' stores: list, delete one, delete all. */
import { ALL_VARIANTS } from '../catalog.ts';
import type { CachedModel } from '../engine.ts';
import { clearMlcRecords } from '../store/mlc-registry.ts';
import { clearStoredFiles, deleteStoredFile, listStoredFiles } from '../store/model-store.ts';
import { clearMlcCache, deleteCachedMlc, listCachedMlcModels } from './webllm/cached-models.ts';

export async function listCachedModels(): Promise<CachedModel[]> {
  const gguf = (await listStoredFiles()).map((file): CachedModel => {
    const models = ALL_VARIANTS.filter((v) => v.engine === 'llama.cpp' && v.url === file.url);
    return {
      key: file.url,
      engine: 'llama.cpp',
      kind: 'gguf',
      name: models[0]?.name ?? decodeURIComponent(file.url.split('/').pop() ?? file.url),
      bytes: file.bytes,
      complete: file.complete,
      models: models.map((m) => m.id),
    };
  });
  const mlc = (await listCachedMlcModels()).map((m): CachedModel => ({ ...m, engine: 'web-llm' }));
  return [...gguf, ...mlc];
}

export async function deleteCachedModel(key: string): Promise<void> {
  const gguf = (await listStoredFiles()).some((f) => f.url === key);
  await (gguf ? deleteStoredFile(key) : deleteCachedMlc(key));
}

export async function deleteAllCachedModels(): Promise<void> {
  await clearStoredFiles();
  await clearMlcCache();
  await clearMlcRecords();
}
