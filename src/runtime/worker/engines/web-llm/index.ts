/** web-llm's row in the worker's engine table: its engines, and its files in web-llm's own cache. */
import type { MlcModelSpec } from '../../../shared/engine.ts';
import { clearMlcRecords, mlcRecord } from '../../store/mlc-registry.ts';
import type { WorkerEngine } from '../row.ts';
import { deleteRecords } from './cache-db.ts';
import { clearMlcCache, deleteCachedMlc, listCachedMlcModels, recordSize } from './cached-models.ts';
import { downloadMissing, resolveModelFiles } from './model-files.ts';
import { WebLLMEmbedder } from './webllm-embedder.ts';
import { WebLLMEngine } from './webllm-engine.ts';

export const WEB_LLM_WORKER: WorkerEngine<MlcModelSpec> = {
  chat: () => new WebLLMEngine(),
  embedder: () => new WebLLMEmbedder(),
  download: async (spec, { signal, onProgress }) => downloadMissing(spec, await resolveModelFiles(spec, signal), { signal, onProgress }),
  async repair(spec, { signal, onProgress }) {
    const files = await resolveModelFiles(spec, signal);
    // A shard of the wrong size (a damaged record, a changed mirror) is dropped, so it is fetched again.
    for (const file of files.files) {
      if (file.bytes === undefined) continue;
      const size = await recordSize(file.scope, file.url);
      if (size !== 0 && size !== file.bytes) await deleteRecords(file.scope, [file.url]);
    }
    return downloadMissing(spec, files, { signal, onProgress });
  },
  stored: async () => (await listCachedMlcModels()).map((m) => ({ ...m, engine: 'web-llm' as const })),
  async specOfKey(key) {
    const mlc = await mlcRecord(key);
    return mlc ? { engine: 'web-llm', id: mlc.id, name: mlc.name, url: mlc.base, modelLib: mlc.lib } : null;
  },
  delete: (key) => deleteCachedMlc(key),
  async clear() {
    await clearMlcCache();
    await clearMlcRecords();
  },
};
