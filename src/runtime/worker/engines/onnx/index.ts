/** ONNX Runtime's row in the worker's engine table: an embedder only, and an ONNX model's graph with its tokenizer. */
import type { OnnxModelSpec } from '../../../shared/engine.ts';
import { onnxModelFrom } from '../../../shared/models/embedding-models.ts';
import { prepareModelFile } from '../../store/model-download.ts';
import { clearStoredFiles } from '../../store/model-store.ts';
import { deleteWithParts, fileEntries } from '../../store/stored-entries.ts';
import type { Transfer, WorkerEngine } from '../row.ts';
import { OnnxEmbedder } from './onnx-embedder.ts';
import { isOnnxFile, onnxFiles } from './onnx-files.ts';

async function fetchFiles(spec: OnnxModelSpec, transfer: Transfer): Promise<number> {
  let fetched = 0;
  for (const file of onnxFiles(spec)) fetched += await prepareModelFile(file, transfer);
  return fetched;
}

export const ONNX_WORKER: WorkerEngine<OnnxModelSpec> = {
  chat: null,
  embedder: () => new OnnxEmbedder(),
  download: fetchFiles,
  repair: fetchFiles,
  stored: async (files) => fileEntries(files, (f) => isOnnxFile(f.url), { engine: 'onnx', kind: 'onnx' }),
  // Its tokenizer is found where transformers.js lays repos out, beside an onnx/ folder or the file.
  specOfKey: async (key, files) => (isOnnxFile(key) && files.some((f) => f.url === key) ? onnxModelFrom(new URL(key)) : null),
  delete: deleteWithParts,
  clear: clearStoredFiles,
};
