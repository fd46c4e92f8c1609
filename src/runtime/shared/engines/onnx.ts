/** ONNX Runtime Web in a worker of its own: embedding models, the tokenizer stored as a part of the graph. */
import type { OnnxModelSpec } from '../engine.ts';
import { type EngineRow, ownBytes } from './row.ts';

export const ONNX = {
  runs: 'worker',
  can: { chat: false, embeddings: true, pictures: false, json: false, tools: false, audio: false },
  storageKey: (spec) => spec.url,
  whole: (_spec, entry) => entry.complete,
  downloadBytes: ownBytes,
  addresses: (spec) => [spec.url, spec.tokenizerUrl],
} as const satisfies EngineRow<OnnxModelSpec>;
