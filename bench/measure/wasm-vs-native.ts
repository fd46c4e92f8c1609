/** llama.cpp in WebAssembly ÷ native llama.cpp (node-llama-cpp) on the same model and threads: prefill and decode. */
import { type Bench, DECODE_TOKENS, newPage, openApp, PROMPT, RUNS, THREADS, WARMUP } from '../bench.ts';
import { nativeRun } from '../native.ts';
import { measuredReply, type ReplyFigures } from '../reply.ts';
import { median, round } from '../stats.ts';

export async function measureWasmVsNative(b: Bench): Promise<void> {
  const { context, page } = await newPage(b);
  await openApp(b, page, b.models.url('/tiny.gguf'), DECODE_TOKENS);
  const wasm: ReplyFigures[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const r = await measuredReply(page, PROMPT);
    if (run >= WARMUP) wasm.push(r);
  }
  await context.close();
  const native = await nativeRun(b.paths.decode, { threads: THREADS, prompt: PROMPT, maxTokens: DECODE_TOKENS, runs: RUNS });
  const prefill = median(wasm.map((w) => w.enginePrefill)) / native.prefill;
  const decode = median(wasm.map((w) => w.engineDecode)) / native.decode;
  b.results.wasm_vs_native_prefill_ratio = round(prefill);
  b.results.wasm_vs_native_decode_ratio = round(decode);
  b.results.native = {
    wasm_prefill_tokens_per_s: round(median(wasm.map((w) => w.enginePrefill)), 1),
    wasm_decode_tokens_per_s: round(median(wasm.map((w) => w.engineDecode)), 1),
    native_prefill_tokens_per_s: round(native.prefill, 1),
    native_decode_tokens_per_s: round(native.decode, 1),
    prompt_tokens: wasm[0]?.prompts,
    node_llama_cpp: native.version,
  };
}
