/** An OpenAI-compatible server, reached from the page only with consent: nothing of it is stored here. */
import type { CloudModelSpec } from '../engine.ts';
import type { EngineRow } from './row.ts';

export const CLOUD = {
  runs: 'page',
  can: { chat: true, embeddings: false, pictures: true, json: true, tools: true, audio: false },
  storageKey: () => null,
  whole: () => false,
  downloadBytes: () => undefined,
  addresses: (spec) => [spec.url],
} as const satisfies EngineRow<CloudModelSpec>;
