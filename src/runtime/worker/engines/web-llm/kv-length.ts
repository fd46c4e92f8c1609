/**
 * How many tokens web-llm's KV cache holds. web-llm exposes no count, but its pipeline keeps one
 * (`filledKVCacheLength`, 0.2.86); read defensively, since it is not part of the public API.
 */
import type { MLCEngine } from '@mlc-ai/web-llm';

interface PipelineState {
  filledKVCacheLength?: unknown;
}

export function kvCacheLength(engine: MLCEngine, modelId: string): number | undefined {
  const pipelines = (engine as unknown as { loadedModelIdToPipeline?: Map<string, PipelineState> }).loadedModelIdToPipeline;
  const length = pipelines?.get?.(modelId)?.filledKVCacheLength;
  return typeof length === 'number' && Number.isFinite(length) ? length : undefined;
}

/**
 * The prompt tokens web-llm reused: once the prompt is evaluated, the cache holds what it kept from the
 * last turn plus what it just prefilled (its usage counts only the latter).
 */
export function reusedTokens(lengthAfterPrefill: number | undefined, prefilled: number): number {
  if (lengthAfterPrefill === undefined) return 0;
  return Math.max(0, lengthAfterPrefill - prefilled);
}
