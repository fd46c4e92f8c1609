/** The runtime's completion in the AI SDK's terms: finish reason, usage with cached input, and InPage's figures as provider metadata. */
import type { LanguageModelV4FinishReason, LanguageModelV4Usage, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { RuntimeChatCompletion } from '../lib/types.ts';
import type { FinishReason, Usage } from '../runtime/shared/engine.ts';

const UNIFIED: Record<FinishReason, LanguageModelV4FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  // Stopped by the caller: what was written is kept, and it may be cut short.
  abort: 'interrupted',
};

export const finishReasonOf = (reason: FinishReason | null | undefined): LanguageModelV4FinishReason =>
  reason ? { unified: UNIFIED[reason], raw: reason } : { unified: 'other', raw: undefined };

export function usageOf(usage: Usage | undefined): LanguageModelV4Usage {
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  return {
    inputTokens: {
      total: usage?.prompt_tokens,
      noCache: usage && cached !== undefined ? usage.prompt_tokens - cached : usage?.prompt_tokens,
      cacheRead: cached,
      cacheWrite: undefined,
    },
    outputTokens: { total: usage?.completion_tokens, text: usage?.completion_tokens, reasoning: undefined },
    ...(usage ? { raw: { ...usage } } : {}),
  };
}

/** Who answered and how fast, under `providerMetadata.inpage`. */
export function metadataOf(completion: RuntimeChatCompletion): SharedV4ProviderMetadata {
  const { source, timings, dropped_messages: dropped, model } = completion;
  return {
    inpage: {
      engine: source.engine,
      fallback: source.fallback,
      model,
      ...(source.host ? { host: source.host } : {}),
      ...(timings ? { timings: { ...timings } } : {}),
      ...(dropped ? { droppedMessages: dropped } : {}),
    },
  };
}
