/**
 * llama.cpp in WebAssembly by GGUF type: the same model (4 layers, 2048 wide, FFN 5632) written in each
 * type the catalog's files use or could (F32, F16, Q8_0, Q4_0, and Q4_K, Q5_K and Q6_K, which Q4_K_M
 * files mix), prefill and decode tokens/s on 1 thread and on every core, in the bare worker page, the
 * types alternating run by run so drift falls on all alike. Every type must say the same text.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { GgmlType } from '../../test/fixtures/gguf-writer.ts';
import { SPELLED_TEXT, SPELLING_SHAPE, writeSpellingModel } from '../../test/fixtures/tiny-model.ts';
import { runBare } from '../bare.ts';
import { type Bench, DECODE_TOKENS, fileServer, newPage, PROMPT, RUNS, SMOKE, THREADS, WARMUP } from '../bench.ts';
import { median, round } from '../stats.ts';
import { kernelReport } from '../wasm-kernels.ts';

/** The dot-product kernel each type's matrix products run (F16's is inlined, so it has no name to look up). */
const KERNELS: Record<string, string> = {
  F32: 'ggml_vec_dot_f32',
  Q8_0: 'ggml_vec_dot_q8_0_q8_0',
  Q4_0: 'ggml_vec_dot_q4_0_q8_0',
  IQ4_NL: 'ggml_vec_dot_iq4_nl_q8_0',
  Q4_K: 'ggml_vec_dot_q4_K_q8_K',
  Q5_K: 'ggml_vec_dot_q5_K_q8_K',
  Q6_K: 'ggml_vec_dot_q6_K_q8_K',
};

/** Both shipped WebAssembly builds, from the installed packages. */
function wasmBuilds(): Record<string, string> {
  const at = (pkg: string, file: string) => join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), file);
  return { default: at('@wllama/wllama', 'esm/wasm/wllama.wasm'), compat: at('@wllama/wllama-compat', 'wasm/wllama.wasm') };
}

const TYPES = ['F32', 'F16', 'Q8_0', 'Q4_0', 'Q4_K', 'Q5_K', 'Q6_K'] as const;
const SHAPE = { layers: 4, embd: 2048, ff: 5632, heads: 16 };
// k-quants take rows of 256: the smoke run's model is the spelling model's, 512 wide.
const SMOKE_SHAPE = { ...SPELLING_SHAPE, embd: 512, heads: 8 };
const THREAD_COUNTS = SMOKE ? [THREADS] : [...new Set([1, THREADS, cpus().length])];

export async function measureQuant(b: Bench): Promise<void> {
  const sizes: Record<string, number> = {};
  for (const type of TYPES)
    sizes[type] = writeSpellingModel(
      join(b.dir, `quant-${type}.gguf`),
      { ...(SMOKE ? SMOKE_SHAPE : SHAPE), type: GgmlType[type] },
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
    // Every type on each thread count in the default build, and in the compat build on the shipped count.
    const configs = [
      ...THREAD_COUNTS.map((threads) => ({ threads, build: 'default' as const })),
      { threads: THREADS, build: 'compat' as const },
    ];
    for (let run = 0; run < WARMUP + RUNS; run++)
      for (const { threads, build } of configs)
        for (const type of TYPES) {
          const r = await runBare(page, { ...base, url: urlOf(type), threads, wasmBuild: build });
          if (r.wasmBuild !== build) throw new Error(`asked for the ${build} build, ran ${r.wasmBuild}`);
          if (r.completionTokens !== DECODE_TOKENS) throw new Error(`${type} wrote ${r.completionTokens} tokens, not ${DECODE_TOKENS}`);
          // The model loops over its script: a file written wrong would say something else.
          if (!SPELLED_TEXT.repeat(DECODE_TOKENS).startsWith(r.text))
            throw new Error(`${type} said ${JSON.stringify(r.text.slice(0, 40))}, not the spelled text`);
          if (run < WARMUP) continue;
          const byThreads = rows[type] ?? {};
          rows[type] = byThreads;
          const key = `${build === 'compat' ? 'compat_' : ''}threads_${threads}`;
          const row = byThreads[key] ?? { prefill: [], decode: [] };
          byThreads[key] = row;
          row.prefill.push(r.prefillMs ? (r.promptTokens / r.prefillMs) * 1000 : Number.NaN);
          row.decode.push(r.engineDecode ?? Number.NaN);
        }
    b.results.cpu_quant = {
      shape: SMOKE ? SMOKE_SHAPE : SHAPE,
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
    // Which kernels use SIMD128, read from the builds' code: the evidence for the speeds above.
    const kernels = kernelReport(wasmBuilds(), Object.values(KERNELS));
    (b.results.cpu_quant as Record<string, unknown>).simd_in_kernels = Object.fromEntries(
      Object.entries(KERNELS).map(([type, kernel]) => [type, { kernel, ...kernels[kernel] }]),
    );
    for (const [type, kernel] of Object.entries(KERNELS)) {
      const k = kernels[kernel] ?? {};
      const said = Object.entries(k).map(([build, f]) => `${build} ${f ? `${f.simd_instructions} of ${f.instructions}` : 'absent'}`);
      console.log(`  ${kernel} (${type}): SIMD instructions ${said.join(', ')}`);
    }
    for (const type of TYPES)
      for (const [threads, row] of Object.entries(rows[type] ?? {}))
        console.log(`  ${type}, ${threads}: prefill ${round(median(row.prefill), 1)}, decode ${round(median(row.decode), 1)} tokens/s`);
  } finally {
    await context.close();
    await files.close();
  }
}
