/**
 * llama.cpp's compat WebAssembly build (Asyncify, 32-bit memory: what Safari and browsers without JSPI
 * or Memory64 run) against the default build (JSPI, Memory64), on the same model, threads and prompt
 * in the same bare worker page: load from IndexedDB, prefill and decode tokens/s. Runs alternate
 * builds, so drift hits both.
 */
import { runBare } from '../bare.ts';
import { type Bench, DECODE_TOKENS, newPage, PROMPT, RUNS, THREADS, WARMUP } from '../bench.ts';
import { median, round } from '../stats.ts';

const BUILDS = ['default', 'compat'] as const;

export async function measureWasmBuilds(b: Bench): Promise<void> {
  const { context, page } = await newPage(b);
  await page.goto(b.bareSite.url);
  const url = b.models.url('/tiny.gguf');
  const base = { url, threads: THREADS, prompt: PROMPT, maxTokens: DECODE_TOKENS, cachePrompt: false };
  await runBare(page, { ...base, loadOnly: true }); // downloads into this profile's IndexedDB: every load after reads it
  const figures = Object.fromEntries(
    BUILDS.map((build) => [build, { load: [] as number[], prefill: [] as number[], decode: [] as number[] }]),
  );
  for (let run = 0; run < WARMUP + RUNS; run++) {
    for (const build of BUILDS) {
      const loaded = await runBare(page, { ...base, wasmBuild: build, loadOnly: true });
      if (loaded.wasmBuild !== build) throw new Error(`asked for the ${build} build, ran ${loaded.wasmBuild}`);
      const r = await runBare(page, { ...base, wasmBuild: build });
      if (r.completionTokens !== DECODE_TOKENS)
        throw new Error(`the ${build} build wrote ${r.completionTokens} tokens, not ${DECODE_TOKENS}`);
      if (run < WARMUP) continue; // the first of each warms the browser's compiled-code cache
      const row = figures[build] as { load: number[]; prefill: number[]; decode: number[] };
      row.load.push(loaded.loadMs);
      row.prefill.push(r.prefillMs ? (r.promptTokens / r.prefillMs) * 1000 : Number.NaN);
      row.decode.push(r.engineDecode ?? Number.NaN);
    }
  }
  await context.close();
  const summary = Object.fromEntries(
    BUILDS.map((build) => {
      const row = figures[build] as { load: number[]; prefill: number[]; decode: number[] };
      return [
        build,
        {
          load_ms: round(median(row.load), 0),
          prefill_tokens_per_s: round(median(row.prefill), 1),
          decode_tokens_per_s: round(median(row.decode), 1),
        },
      ];
    }),
  ) as Record<(typeof BUILDS)[number], { load_ms: number; prefill_tokens_per_s: number; decode_tokens_per_s: number }>;
  b.results.wasm_builds = {
    ...summary,
    compat_vs_default_load_ratio: round(summary.compat.load_ms / summary.default.load_ms),
    compat_vs_default_prefill_ratio: round(summary.compat.prefill_tokens_per_s / summary.default.prefill_tokens_per_s),
    compat_vs_default_decode_ratio: round(summary.compat.decode_tokens_per_s / summary.default.decode_tokens_per_s),
    model_bytes: b.sizes.decode,
    prompt_tokens: PROMPT.length + 1,
  };
  const { compat, default: fast } = summary;
  console.log(
    `  compat / default: load ${compat.load_ms} / ${fast.load_ms} ms, decode ${compat.decode_tokens_per_s} / ${fast.decode_tokens_per_s} tokens/s`,
  );
}
