/** llama.cpp (wllama) in the worker: GGUF files, a vision model's projector stored beside its model as a part of it. */
import type { GgufModelSpec } from '../engine.ts';
import { type EngineRow, ownBytes } from './row.ts';

export const LLAMA_CPP = {
  runs: 'worker',
  can: { chat: true, embeddings: true, pictures: true, json: true, tools: true, audio: false },
  storageKey: (spec) => spec.url,
  // A vision model loads only with its projector: stored whole, the model file alone is not enough.
  whole: (spec, entry) => entry.complete && (!spec.mmproj || entry.parts?.includes(spec.mmproj.url) === true),
  downloadBytes(spec) {
    const size = ownBytes(spec);
    return size === undefined ? undefined : size + (spec.mmproj?.approxBytes ?? 0);
  },
  addresses: (spec) => (spec.mmproj ? [spec.url, spec.mmproj.url] : [spec.url]),
} as const satisfies EngineRow<GgufModelSpec>;
