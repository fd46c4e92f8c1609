/**
 * Decode speed as the context grows (0, 512, 1 k, 1.5 k tokens) on the CPU engine, for each of
 * llama.cpp's options that could flatten the curve: flash attention off, a q8_0 KV cache, smaller
 * batches. Run in the bare harness, so only the engine is measured; prefill speed is read alongside.
 */
import type { LlamaTuning } from '../../src/runtime/shared/engine.ts';
import { CPU_TUNING } from '../../src/runtime/worker/engines/llama-cpp/llama-tuning.ts';
import { runBare } from '../bare.ts';
import { type Bench, newPage, SMOKE, THREADS } from '../bench.ts';
import { round } from '../stats.ts';

export const CONTEXTS = SMOKE ? [0, 64] : [0, 512, 1024, 1536];
const DECODE = SMOKE ? 8 : 64;

/** What is tried, by name; "shipped" is what the app uses on the CPU (flash attention, q8_0 KV cache). */
export const CONFIGS: Record<string, LlamaTuning> = {
  shipped: CPU_TUNING,
  "llama.cpp's defaults (f16 KV cache)": { cache_type: 'f16' },
  'flash attention off': { flash_attn: false },
  'batch 256, shipped otherwise': { ...CPU_TUNING, n_batch: 256, n_ubatch: 256 },
};

/** A user message that is about `tokens` tokens long for the spelling tokenizer (one a character). */
const filler = (tokens: number) =>
  'abcdefghij klmnopqrst uvwxyz0123 456789ABCD EFGHIJKLMN '.repeat(Math.ceil(tokens / 50) + 1).slice(0, Math.max(1, tokens));

export async function measureDecodeByContext(b: Bench): Promise<void> {
  const { context, page } = await newPage(b);
  await page.goto(b.bareSite.url);
  const url = b.models.url('/tiny.gguf');
  const table: Record<string, { decode_tokens_per_s: number[]; prefill_tokens_per_s: number[] }> = {};
  const longest = filler(Math.max(...CONTEXTS));
  for (const [name, llama] of Object.entries(CONFIGS)) {
    const row = { decode_tokens_per_s: [] as number[], prefill_tokens_per_s: [] as number[] };
    for (const tokens of CONTEXTS) {
      // Each length extends the one before, so the cache holds what came before and only the rest is prefilled.
      const r = await runBare(page, { url, threads: THREADS, prompt: longest.slice(0, Math.max(1, tokens)), maxTokens: DECODE, llama });
      const evaluated = r.promptTokens - r.cachedTokens;
      row.decode_tokens_per_s.push(round(r.engineDecode ?? Number.NaN, 1));
      row.prefill_tokens_per_s.push(round(r.prefillMs ? (evaluated / r.prefillMs) * 1000 : Number.NaN, 1));
    }
    table[name] = row;
    console.log(`  ${name}: decode ${row.decode_tokens_per_s.join(' / ')} tokens/s at ${CONTEXTS.join(' / ')} tokens of context`);
  }
  await context.close();
  const shipped = table.shipped?.decode_tokens_per_s ?? [];
  b.results.decode_by_context = {
    context_tokens: CONTEXTS,
    configs: table,
    // How much decode keeps at the longest context, shipped settings: 1 is flat.
    shipped_longest_vs_empty: round((shipped.at(-1) ?? Number.NaN) / (shipped[0] ?? Number.NaN)),
  };
}
