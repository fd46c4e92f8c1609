/** Files of the chunked store as storage entries: a model and the files that are part of it (a projector, a tokenizer), listed and deleted as one. */
import type { CachedModel, EmbeddingModelSpec } from '../../shared/engine.ts';
import { engineOf, storageKeyOf } from '../../shared/engines/index.ts';
import { ALL_VARIANTS } from '../../shared/models/catalog.ts';
import { EMBEDDING_MODELS } from '../../shared/models/embedding-models.ts';
import { deleteStoredFile, dropOwner, type StoredFileSummary } from './model-store.ts';

/** Part of another stored file (listed with it, not on its own). */
const owned = (file: StoredFileSummary, files: readonly StoredFileSummary[]) =>
  file.partOf?.some((owner) => files.some((f) => f.url === owner)) === true;

/** The known models stored under `key`. */
export const modelsAt = (key: string): EmbeddingModelSpec[] =>
  [...ALL_VARIANTS, ...EMBEDDING_MODELS].filter((v) => storageKeyOf(v) === key);

/** An entry for each file `mine` claims that is not part of another, with its parts' bytes, named as the catalog names it. */
export function fileEntries(
  files: readonly StoredFileSummary[],
  mine: (file: StoredFileSummary) => boolean,
  entry: Pick<CachedModel, 'engine' | 'kind'>,
): CachedModel[] {
  return files
    .filter((file) => mine(file) && !owned(file, files))
    .map((file): CachedModel => {
      const parts = files.filter((f) => f.partOf?.includes(file.url));
      const models = modelsAt(file.url);
      const stored: CachedModel = {
        key: file.url,
        ...entry,
        name: models[0]?.name ?? decodeURIComponent(file.url.split('/').pop() ?? file.url),
        bytes: file.bytes + parts.reduce((n, f) => n + f.bytes, 0),
        complete: file.complete && parts.every((f) => f.complete),
        models: models.map((m) => m.id),
        ...(parts.length ? { parts: parts.map((f) => f.url) } : {}),
      };
      // Whole only with every part a known model of it needs (a vision model's projector), as the page judges it.
      return { ...stored, complete: stored.complete && models.every((m) => engineOf(m).whole(m, stored)) };
    });
}

/** Deletes the file at `key` and its parts; a part another stored model also uses stays for it. */
export async function deleteWithParts(key: string, files: readonly StoredFileSummary[]): Promise<void> {
  const stored = (url: string) => files.some((f) => f.url === url);
  for (const part of files.filter((f) => f.partOf?.includes(key)))
    if (await dropOwner(part.url, key, stored)) await deleteStoredFile(part.url);
  await deleteStoredFile(key);
}
