/** What a cloud reply cost, from its token usage; only for models whose price we know. */
import type { Usage } from '../../../shared/engine.ts';

export interface Price {
  /** US dollars per million prompt tokens; `cachedInput` for those OpenAI served from its cache. */
  input: number;
  cachedInput: number;
  output: number;
}

/** US dollars per million tokens, as OpenAI publishes them. */
const PRICES: Readonly<Record<string, Price>> = {
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
};

export function priceOf(model: string): Price | undefined {
  return PRICES[model];
}

export function costInUsd(model: string, usage: Usage): number | undefined {
  const price = PRICES[model];
  if (!price) return undefined;
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  return ((usage.prompt_tokens - cached) * price.input + cached * price.cachedInput + usage.completion_tokens * price.output) / 1_000_000;
}

/** What sending `promptTokens` would cost before any reply, for the pre-send estimate. */
export function inputCostInUsd(model: string, promptTokens: number): number | undefined {
  const price = PRICES[model];
  return price ? (promptTokens * price.input) / 1_000_000 : undefined;
}
