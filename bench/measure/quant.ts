/**
 * llama.cpp in WebAssembly by GGUF type: the same model (4 layers, 2048 wide, FFN 5632) written in each
 * type the fixtures can write (F32, F16, Q8_0, Q4_0), prefill and decode tokens/s on 1 thread and on
 * every core, in the bare worker page, the types alternating run by run so drift falls on all alike.
 * (Q4_K, Q5_K and Q6_K, which Q4_K_M files mix, need a k-quant writer the fixtures do not have yet.)
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { GgmlType } from '../../test/fixtures/gguf-writer.ts';
import { SPELLING_SHAPE, writeSpellingModel } from '../../test/fixtures/tiny-model.ts';
import { runBare } from '../bare.ts';
import { type Bench, DECODE_TOKENS, fileServer, newPage, PROMPT, RUNS, SMOKE, THREADS, WARMUP } from '../bench.ts';
import { median, round } from '../stats.ts';

const TYPES = ['F32', 'F16', 'Q8_0', 'Q4_0'] as const;
const SHAPE = { layers: 4, embd: 2048, ff: 5632, heads: 16 };
const THREAD_COUNTS = SMOKE ? [THREADS] : [...new Set([1, THREADS, cpus().length])];

export async function measureQuant(b: Bench): Promise<void> {
  const sizes: Record<string, number> = {};
  for (const type of TYPES)
    sizes[type] = writeSpellingModel(
      join(b.dir, `quant-${type}.gguf`),
      { ...(SMOKE ? SPELLING_SHAPE : SHAPE), type: GgmlType[type] },
      undefined,
      true,
    );
  const files = await fileServer(b, join(b.dir, 'quant-F32.gguf'));
  const urlOf = (type: string) => `${files.origin}/quant-${type}.gguf`;
  const { context, page } = await newPage(b);
  try {
    await page.goto(b.bareSite.url);
    const base = { threads: THREADS, prompt: PROMPT, maxTokens: DECODE_TOKENS, cachePrompt: false };
    // Each file into this profile's IndexedDB first, so every run reads it from there (the smoke run only proves the code runs).
    if (!SMOKE) for (const type of TYPES) await runBare(page, { ...base, url: urlOf(type), loadOnly: true });
    const rows: Record<string, Record<string, { prefill: number[]; decode: number[] }>> = {};
    for (let run = 0; run < WARMUP + RUNS; run++)
      for (const threads of THREAD_COUNTS)
        for (const type of TYPES) {
          const r = await runBare(page, { ...base, url: urlOf(type), threads });
          if (r.completionTokens !== DECODE_TOKENS) throw new Error(`${type} wrote ${r.completionTokens} tokens, not ${DECODE_TOKENS}`);
          if (run < WARMUP) continue;
          const byThreads = rows[type] ?? {};
          rows[type] = byThreads;
          const row = byThreads[`threads_${threads}`] ?? { prefill: [], decode: [] };
          byThreads[`threads_${threads}`] = row;
          row.prefill.push(r.prefillMs ? (r.promptTokens / r.prefillMs) * 1000 : Number.NaN);
          row.decode.push(r.engineDecode ?? Number.NaN);
        }
    b.results.cpu_quant = {
      shape: SMOKE ? 'the tiny spelling model' : SHAPE,
      prompt_tokens: PROMPT.length + 1,
      by_type: Object.fromEntries(
        TYPES.map((type) => [
          type,
          {
            file_bytes: sizes[type],
            ...Object.fromEntries(
              Object.entries(rows[type] ?? {}).map(([threads, row]) => [
                threads,
                { prefill_tokens_per_s: round(median(row.prefill), 1), decode_tokens_per_s: round(median(row.decode), 1) },
              ]),
            ),
          },
        ]),
      ),
    };
    for (const type of TYPES)
      for (const [threads, row] of Object.entries(rows[type] ?? {}))
        console.log(`  ${type}, ${threads}: prefill ${round(median(row.prefill), 1)}, decode ${round(median(row.decode), 1)} tokens/s`);
  } finally {
    await context.close();
    await files.close();
  }
}
