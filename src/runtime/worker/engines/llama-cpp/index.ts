/** llama.cpp's row in the worker's engine table: its engines, and its GGUF files (a vision model's projector with them). */
import type { GgufModelSpec } from '../../../shared/engine.ts';
import { prepareModelFile } from '../../store/model-download.ts';
import { clearStoredFiles } from '../../store/model-store.ts';
import { deleteWithParts, fileEntries } from '../../store/stored-entries.ts';
import { isOnnxFile } from '../onnx/onnx-files.ts';
import type { Transfer, WorkerEngine } from '../row.ts';
import { LlamaEmbedder } from './llama-embedder.ts';
import { LlamaCppEngine, llamaBackendFor, refuseWhereItCannotRun } from './llama-engine.ts';
import { projectorSpec, refuseNonProjector } from './llama-pictures.ts';

/** The model file, then its projector: a file that cannot run here, or a projector that is none, is refused from its header. */
async function fetchFiles(spec: GgufModelSpec, transfer: Transfer): Promise<number> {
  let fetched = await prepareModelFile(spec, { ...transfer, accept: refuseWhereItCannotRun(spec, await llamaBackendFor('auto')) });
  const projector = projectorSpec(spec);
  if (projector) fetched += await prepareModelFile(projector, { ...transfer, accept: refuseNonProjector(projector) });
  return fetched;
}

export const LLAMA_CPP_WORKER: WorkerEngine<GgufModelSpec> = {
  chat: () => new LlamaCppEngine(),
  embedder: () => new LlamaEmbedder(),
  download: fetchFiles,
  repair: fetchFiles,
  stored: async (files) => fileEntries(files, (f) => !isOnnxFile(f.url), { engine: 'llama.cpp', kind: 'gguf' }),
  async specOfKey(key, files) {
    if (isOnnxFile(key) || !files.some((f) => f.url === key)) return null;
    const name = decodeURIComponent(key.split('/').pop() ?? key);
    // A projector stored as part of the file makes it a vision model again, id and all (see modelFromUrl).
    const projector = files.find((f) => f.partOf?.includes(key))?.url;
    if (!projector) return { engine: 'llama.cpp', id: key, name, url: key };
    return { engine: 'llama.cpp', id: `${key} ${projector}`, name, url: key, mmproj: { url: projector } };
  },
  delete: deleteWithParts,
  clear: clearStoredFiles,
};
