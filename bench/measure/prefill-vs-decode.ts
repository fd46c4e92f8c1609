/**
 * Prefill against decode on a model of Phi-3-mini's whole shape (32 layers, 3072 wide, FFN 8192) in
 * Q4_K_M's mix of types (Q4_K, with Q6_K for attn_v and ffn_down in every other layer and for the
 * output), about 2 GB: with the shipped settings, in the bare worker page, from IndexedDB. Decoding a
 * 2 GB model reads every weight per token; a prompt's tokens share each read, so prefill should beat
 * decode. Alongside, what each rate means: weight bytes read per second while decoding, and
 * multiply-adds per second in both (about one per weight per token), which say which bound holds.
 */
import { join } from 'node:path';
import { GgmlType } from '../../test/fixtures/gguf-writer.ts';
import { SPELLED_TEXT, SPELLING_SHAPE, writeSpellingModel } from '../../test/fixtures/tiny-model.ts';
import { runBare } from '../bare.ts';
import { type Bench, fileServer, newPage, PROMPT, SMOKE, THREADS } from '../bench.ts';
import { round } from '../stats.ts';

const PHI3 = { layers: 32, embd: 3072, ff: 8192, heads: 48 };
/** The smoke run proves the code runs, on a model a k-quant can be written in (rows of 256). */
const SMOKE_SHAPE = { layers: SPELLING_SHAPE.layers, embd: 512, ff: SPELLING_SHAPE.ff, heads: 8 };
const DECODE = SMOKE ? 8 : 32;
/** The shipped settings, then prompt batches of 64 tokens: does a batch whose activations stay in cache prefill faster? */
const UBATCHES: (number | null)[] = SMOKE ? [null] : [null, 64];

/** llama.cpp's Q4_K_M: Q6_K where quantizing hurts most (attn_v and ffn_down in half the layers, and the output). */
const q4kM = (tensor: string, layer: number) =>
  tensor === 'output' || ((tensor === 'attn_v' || tensor === 'ffn_down') && layer % 2 === 0) ? GgmlType.Q6_K : undefined;

export async function measurePrefillVsDecode(b: Bench): Promise<void> {
  const shape = SMOKE ? SMOKE_SHAPE : PHI3;
  const path = join(b.dir, 'phi3-full.gguf');
  console.log(SMOKE ? 'Writing the prefill model…' : 'Writing a model of Phi-3-mini’s shape in Q4_K_M (about 2 GB, a few minutes)…');
  const bytes = writeSpellingModel(path, { ...shape, type: GgmlType.Q4_K, typeOf: q4kM }, undefined, true);
  const files = await fileServer(b, path);
  const { context, page } = await newPage(b);
  try {
    await page.goto(b.bareSite.url);
    const run = { url: files.file, threads: THREADS, prompt: PROMPT, maxTokens: DECODE, cachePrompt: false };
    const load = await runBare(page, { ...run, loadOnly: true });
    const rates: { ubatch: number | null; prefill: number; decode: number; promptTokens: number }[] = [];
    for (const ubatch of UBATCHES) {
      const r = await runBare(page, { ...run, ...(ubatch ? { llama: { n_batch: ubatch, n_ubatch: ubatch } } : {}) });
      if (!SPELLED_TEXT.repeat(DECODE).startsWith(r.text)) throw new Error(`the model said ${JSON.stringify(r.text.slice(0, 40))}`);
      rates.push({
        ubatch,
        prefill: r.prefillMs ? (r.promptTokens / r.prefillMs) * 1000 : Number.NaN,
        decode: r.engineDecode ?? Number.NaN,
        promptTokens: r.promptTokens,
      });
    }
    const { prefill, decode, promptTokens } = rates[0] as (typeof rates)[number];
    // Weights per token: the layers' matrices and the output head (the embedding is a lookup, not a product).
    const weights = shape.layers * (4 * shape.embd * shape.embd + 3 * shape.embd * shape.ff);
    b.results.prefill_vs_decode = round(prefill / decode);
    b.results.prefill_vs_decode_detail = {
      shape,
      types: 'Q4_K, Q6_K for attn_v and ffn_down in even layers and for output',
      file_bytes: bytes,
      threads: THREADS,
      load_ms: round(load.loadMs, 0),
      prompt_tokens: promptTokens,
      prefill_tokens_per_s: round(prefill, 2),
      decode_tokens_per_s: round(decode, 2),
      // Decode reads every weight once a token: this is the memory bandwidth it uses.
      decode_weight_gb_per_s: round((decode * bytes) / 1e9, 2),
      prefill_gmac_per_s: round((prefill * weights) / 1e9, 2),
      decode_gmac_per_s: round((decode * weights) / 1e9, 2),
      // The same with other prompt batch sizes (n_batch = n_ubatch), each after the model is loaded again.
      by_ubatch: Object.fromEntries(
        rates.slice(1).map((x) => [x.ubatch, { prefill_tokens_per_s: round(x.prefill, 2), decode_tokens_per_s: round(x.decode, 2) }]),
      ),
    };
  } finally {
    await context.close();
    await files.close();
  }
}
