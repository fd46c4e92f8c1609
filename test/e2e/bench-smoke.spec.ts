/**
 * The benchmark suite in smoke mode (tiny sizes, one run), so it cannot rot. Only that every figure
 * was produced is checked, never a speed: these machines are too noisy for that, and speed is what
 * the suite reports, not what a test asserts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

test('npm run bench, in smoke mode, produces every figure', () => {
  test.setTimeout(600_000);
  execFileSync('npx', ['tsx', 'bench/suite.ts'], { env: { ...process.env, BENCH_SMOKE: '1' }, stdio: 'inherit', timeout: 580_000 });
  const results = JSON.parse(readFileSync('bench/results/smoke.json', 'utf8'));
  for (const key of [
    'token_path_ratio',
    'long_tasks',
    'max_frame_gap_ms',
    'warm_start_ratio',
    'download_ratio',
    'download_ratio_at_link_speed',
    'shell_js_gzip_kb',
    'wasm_vs_native_prefill_ratio',
    'wasm_vs_native_decode_ratio',
    'memory_ratio',
    'turn10_ttft_ratio',
    'input_delay_ms_long',
    'warm_start_app_vs_bare',
  ]) {
    expect(Number.isFinite(results[key]), `${key} = ${results[key]}`).toBe(true);
  }
  expect(typeof results.over_2gb_load_ok).toBe('boolean');
  // Decode speed at each context length, for every llama.cpp setting tried.
  const { context_tokens, configs } = results.decode_by_context;
  expect(Object.keys(configs).length).toBeGreaterThan(1);
  for (const row of Object.values(configs) as { decode_tokens_per_s: number[] }[]) {
    expect(row.decode_tokens_per_s.length).toBe(context_tokens.length);
    expect(row.decode_tokens_per_s.every(Number.isFinite)).toBe(true);
  }
  // Documents: embedding throughput, and search latency at each index size.
  expect(Number.isFinite(results.documents.embed_chunks_per_s)).toBe(true);
  expect(results.embedding_passages_per_s).toBeCloseTo(results.documents.embed_chunks_per_s, 0);
  expect(Number.isFinite(results.documents.query_embed_ms)).toBe(true);
  // The shipped int8 ONNX and each GGUF type a published bge-small comes in, on one thread and on every core.
  expect(Object.keys(results.documents.embed_by_type).sort()).toEqual(['F16', 'F32', 'ONNX_INT8', 'Q8_0']);
  expect(results.embedding_passages_per_s).toBe(results.documents.embed_by_type.ONNX_INT8[`threads_${results.machine.threads}`]);
  for (const rates of Object.values(results.documents.embed_by_type) as Record<string, number>[])
    expect(Object.values(rates).every((rate) => Number.isFinite(rate) && rate > 0)).toBe(true);
  // The same embedding model through InPage on llama.cpp and on ONNX Runtime, and on ONNX Runtime alone (each
  // engine's vectors were checked by the suite).
  const engines = Object.values(results.embedding_engines.passages_per_s) as Record<string, number>[];
  expect(engines.length).toBeGreaterThan(0);
  for (const rates of engines) {
    expect(Object.keys(rates)).toHaveLength(5);
    expect(Object.values(rates).every((rate) => Number.isFinite(rate) && rate > 0)).toBe(true);
  }
  expect(results.embedding_engines.best_onnx_vs_llama_one_thread).toBeGreaterThan(0);
  expect(results.embedding_engines.shipped_vs_llama_one_thread).toBeGreaterThan(0);
  const sizes = Object.values(results.documents.search_ms) as { first_ms: number; warm_ms: number }[];
  expect(sizes).toHaveLength(2);
  for (const s of sizes) expect([s.first_ms, s.warm_ms].every(Number.isFinite)).toBe(true);
  // The compat WebAssembly build against the default one, each figure for each build.
  for (const build of ['default', 'compat'])
    for (const key of ['load_ms', 'prefill_tokens_per_s', 'decode_tokens_per_s'])
      expect(results.wasm_builds[build][key], `${build} ${key}`).toBeGreaterThan(0);
  for (const key of ['load', 'prefill', 'decode']) expect(results.wasm_builds[`compat_vs_default_${key}_ratio`]).toBeGreaterThan(0);
  // llama.cpp by GGUF type: each type's file size, prefill and decode.
  expect(Object.keys(results.cpu_quant.by_type)).toEqual(['F32', 'F16', 'Q8_0', 'Q4_0', 'Q4_K', 'Q5_K', 'Q6_K']);
  // Each type's kernel was found in both builds and its SIMD instructions counted.
  for (const [type, kernel] of Object.entries(results.cpu_quant.simd_in_kernels) as [string, Record<string, unknown>][])
    for (const build of ['default', 'compat'])
      expect(kernel[build], `${type}'s kernel in the ${build} build`).toMatchObject({ simd_instructions: expect.any(Number) });
  for (const row of Object.values(results.cpu_quant.by_type) as Record<string, number | Record<string, number>>[]) {
    expect(row.file_bytes).toBeGreaterThan(0);
    // Both WebAssembly builds for every type: the default one, and the compat one on the shipped thread count.
    expect(Object.keys(row)).toEqual(
      expect.arrayContaining([`threads_${results.machine.threads}`, `compat_threads_${results.machine.threads}`]),
    );
    const figures = Object.values(row).filter((v): v is Record<string, number> => typeof v === 'object');
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures)
      expect([f.prefill_tokens_per_s, f.decode_tokens_per_s].every((x) => Number.isFinite(x) && (x ?? 0) > 0)).toBe(true);
  }
  // Prefill against decode on the (smoke-sized) Phi-3-shaped model: the ratio and every figure behind it.
  expect(Number.isFinite(results.prefill_vs_decode) && results.prefill_vs_decode > 0).toBe(true);
  for (const key of ['prefill_tokens_per_s', 'decode_tokens_per_s', 'decode_weight_gb_per_s', 'prefill_gmac_per_s', 'decode_gmac_per_s'])
    expect(results.prefill_vs_decode_detail[key], key).toBeGreaterThan(0);
  // Threads: per count, the engine's speeds and the slowest key typed while a reply streams.
  const counts = Object.values(results.threads.by_count) as Record<string, number>[];
  expect(counts.length).toBeGreaterThan(0);
  for (const row of counts)
    for (const key of ['prefill_tokens_per_s', 'decode_tokens_per_s', 'input_delay_ms', 'key_to_frame_ms'])
      expect(Number.isFinite(row[key]) && (row[key] ?? -1) >= 0, key).toBe(true);
  // A picture to its first token: attaching, then sending, each a time.
  for (const key of ['attach_ms', 'send_to_first_token_ms', 'attach_to_first_token_ms'])
    expect(results.picture[key], key).toBeGreaterThan(0);
  expect(results.picture.prompt_tokens).toBeGreaterThan(0);
  expect(results.machine.cores).toBeGreaterThan(0);
  expect(results.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
