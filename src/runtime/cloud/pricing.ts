/** What a cloud reply cost, from its token usage; only for models whose price we know. */
import type { Usage } from '../engine.ts';

/** US dollars per million tokens, as OpenAI lists them. */
const PRICES: Readonly<Record<string, { input: number; output: number }>> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
};

export function costInUsd(model: string, usage: Usage): number | undefined {
  const price = PRICES[model];
  if (!price) return undefined;
  return (usage.prompt_tokens * price.input + usage.completion_tokens * price.output) / 1_000_000;
}
