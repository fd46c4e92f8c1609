/** web-llm on WebGPU in the worker: MLC models in web-llm's own IndexedDB cache, one base URL a model. */
import type { MlcModelSpec } from '../engine.ts';
import { type EngineRow, ownBytes } from './row.ts';

/** web-llm's cleanModelUrl: a base without /resolve/<rev>/ gets resolve/main/, as on Hugging Face. */
export function modelBaseUrl(url: string): string {
  let base = url.endsWith('/') ? url : `${url}/`;
  if (!/.+\/resolve\/.+\//.test(base)) base += 'resolve/main/';
  return new URL(base).href;
}

export const WEB_LLM = {
  runs: 'worker',
  can: { chat: true, embeddings: true, pictures: true, json: true, tools: true, audio: false },
  // 4k and 1k variants share a base URL, so they share one entry.
  storageKey: (spec) => modelBaseUrl(spec.url),
  whole: (_spec, entry) => entry.complete,
  downloadBytes: ownBytes,
  addresses: (spec) => [spec.url, spec.modelLib],
} as const satisfies EngineRow<MlcModelSpec>;
