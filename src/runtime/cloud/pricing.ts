/** What a cloud reply cost, from its token usage; only for models whose price we know. */
import type { Usage } from '../engine.ts';

/** US dollars per million tokens, as OpenAI lists them; prompt tokens OpenAI served from its cache cost less. */
const PRICES: Readonly<Record<string, { input: number; cachedInput: number; output: number }>> = {
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
};

export function costInUsd(model: string, usage: Usage): number | undefined {
  const price = PRICES[model];
  if (!price) return undefined;
  const cached = Math.min(usage.prompt_tokens_details?.cached_tokens ?? 0, usage.prompt_tokens);
  return ((usage.prompt_tokens - cached) * price.input + cached * price.cachedInput + usage.completion_tokens * price.output) / 1_000_000;
}
