/** Every model stored in this browser, from both engines' stores: list, delete one, delete all. */

import type { CachedModel } from '../../shared/engine.ts';
import { ALL_VARIANTS } from '../../shared/models/catalog.ts';
import { EMBEDDING_MODELS } from '../../shared/models/embedding-models.ts';
import { clearMlcCache, deleteCachedMlc, listCachedMlcModels } from '../engines/web-llm/cached-models.ts';
import { clearMlcRecords } from '../store/mlc-registry.ts';
import { clearStoredFiles, deleteStoredFile, dropOwner, listStoredFiles } from '../store/model-store.ts';

export async function listCachedModels(): Promise<CachedModel[]> {
  const files = await listStoredFiles();
  const owned = (file: { partOf?: string[] | undefined }) => file.partOf?.some((owner) => files.some((f) => f.url === owner)) === true;
  const gguf = files
    .filter((file) => !owned(file))
    .map((file): CachedModel => {
      // A vision model's projector is part of it: one entry, both files' bytes.
      const parts = files.filter((f) => f.partOf?.includes(file.url));
      const onnx = /\.onnx$/i.test(new URL(file.url).pathname);
      const models = [...ALL_VARIANTS, ...EMBEDDING_MODELS].filter((v) => v.engine !== 'web-llm' && v.url === file.url);
      return {
        key: file.url,
        engine: onnx ? 'onnx' : 'llama.cpp',
        kind: onnx ? 'onnx' : 'gguf',
        name: models[0]?.name ?? decodeURIComponent(file.url.split('/').pop() ?? file.url),
        bytes: file.bytes + parts.reduce((n, f) => n + f.bytes, 0),
        complete: file.complete && parts.every((f) => f.complete),
        models: models.map((m) => m.id),
        ...(parts.length ? { parts: parts.map((f) => f.url) } : {}),
      };
    });
  const mlc = (await listCachedMlcModels()).map((m): CachedModel => ({ ...m, engine: 'web-llm' }));
  return [...gguf, ...mlc];
}

export async function deleteCachedModel(key: string): Promise<void> {
  const files = await listStoredFiles();
  if (!files.some((f) => f.url === key)) return deleteCachedMlc(key);
  const stored = (url: string) => files.some((f) => f.url === url);
  // A projector another stored model also uses stays for it.
  for (const part of files.filter((f) => f.partOf?.includes(key)))
    if (await dropOwner(part.url, key, stored)) await deleteStoredFile(part.url);
  await deleteStoredFile(key);
}

export async function deleteAllCachedModels(): Promise<void> {
  await clearStoredFiles();
  await clearMlcCache();
  await clearMlcRecords();
}
