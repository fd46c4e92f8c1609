/**
 * Embedding engines side by side: llama.cpp (the earlier default) and ONNX Runtime Web (the shipped one),
 * each through the library as a page uses them, and ONNX Runtime on its own, fed token ids — the
 * engine transformers.js runs — on the same model: the tiny BERT model at bge-small's size (12
 * layers, 384 wide, FFN 1536), written as GGUF F32 and as ONNX in F32 and in dynamically quantized int8
 * (how transformers.js's `model_quantized.onnx` files come). The same 250-token passages on each, one per
 * call as the document index sends them, and for ONNX Runtime also eight in one call; on one thread and
 * on every core. Every engine must give the model's known vectors, or the figure is refused.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bertEmbedding, bertPassage, bertTokenIds, bertTokenizerJson, writeBertEmbeddingModel } from '../../test/fixtures/bert-model.ts';
import { GgmlType } from '../../test/fixtures/gguf-writer.ts';
import { writeOnnxEmbeddingModel } from '../../test/fixtures/onnx-embedding-model.ts';
import { startStaticServer } from '../../test/fixtures/static-server.ts';
import { type Bench, fileServer, newPage, RUNS, SMOKE, THREADS } from '../bench.ts';
import { ORT_VERSION, ortFiles } from '../ort.ts';
import { median, round } from '../stats.ts';

const PASSAGES = SMOKE ? 2 : 8;
const PASSAGE_TOKENS = 250;
const EMBED_RUNS = Math.min(RUNS, 2);
const THREAD_COUNTS = SMOKE ? [THREADS] : [...new Set([1, THREADS, cpus().length])];
const SHAPE = SMOKE ? { layers: 1, ff: 64 } : { layers: 12, ff: 1536 };

const PAGE = `<!doctype html><title>embedding engines</title><script type="module">
  import { createRuntime } from './inpage.js';
  import * as ort from './ort/ort.wasm.min.mjs';
  const params = new URLSearchParams(location.search);
  const threads = Number(params.get('threads'));
  ort.env.wasm.wasmPaths = new URL('./ort/', location.href).href;
  ort.env.wasm.numThreads = threads;
  const time = async (run) => { const t0 = performance.now(); const vectors = await run(); return { ms: performance.now() - t0, vectors }; };
  let session = null;
  let runtime = null;
  window.load = async (engine, url) => {
    if (engine === 'inpage') {
      runtime = createRuntime({ embeddingModel: url, threads });
      await runtime.embeddings.create({ input: ['warm up'] });
    } else {
      session = await ort.InferenceSession.create(url, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    }
  };
  /** Embeds passages (token ids for ONNX Runtime, text for llama.cpp), perCall at a time; returns the time and the vectors. */
  window.embed = (passages, perCall) => time(async () => {
    if (runtime) {
      const vectors = [];
      for (let i = 0; i < passages.length; i += perCall)
        vectors.push(...(await runtime.embeddings.create({ input: passages.slice(i, i + perCall) })).data.map((d) => d.embedding));
      return vectors;
    }
    const vectors = [];
    for (let i = 0; i < passages.length; i += perCall) {
      const batch = passages.slice(i, i + perCall);
      const dims = [batch.length, batch[0].length];
      const tensor = (fill) => new ort.Tensor('int64', BigInt64Array.from(batch.flat(), (id) => BigInt(fill(id))), dims);
      const out = await session.run({ input_ids: tensor((id) => id), attention_mask: tensor(() => 1), token_type_ids: tensor(() => 0) });
      // [CLS]'s row of last_hidden_state, L2-normalised, as the shipped engine pools bge.
      const { data, dims: [, seq, width] } = out.last_hidden_state;
      for (let b = 0; b < batch.length; b++) {
        const cls = data.subarray(b * seq * width, b * seq * width + width);
        const norm = Math.hypot(...cls);
        vectors.push(Array.from(cls, (v) => v / norm));
      }
    }
    return vectors;
  });
</script>`;

type Window = {
  load(engine: string, url: string): Promise<void>;
  embed(passages: (string | number[])[], perCall: number): Promise<{ ms: number; vectors: number[][] }>;
};

const texts = Array.from({ length: PASSAGES }, (_, i) => bertPassage(i, PASSAGE_TOKENS));

interface Engine {
  name: string;
  /** inpage: the library's shipped path (text in, ONNX Runtime or llama.cpp in its worker); onnxruntime-web: ONNX Runtime alone, on token ids. */
  engine: 'inpage' | 'onnxruntime-web';
  file: string;
  perCall: number;
}

/** Passages/s of one engine in a fresh page on `threads`, after a warm-up; throws unless every vector is the model's. */
async function rate(page: Page, pageUrl: string, url: string, e: Engine, threads: number): Promise<number> {
  await page.goto(`${pageUrl}?threads=${threads}`);
  await page.evaluate(([engine, url]) => (window as unknown as Window).load(engine as string, url as string), [e.engine, url] as const);
  const input = e.engine === 'inpage' ? texts : texts.map(bertTokenIds);
  const run = () => page.evaluate(([input, perCall]) => (window as unknown as Window).embed(input, perCall), [input, e.perCall] as const);
  const warm = await run();
  texts.forEach((text, i) => {
    const want = bertEmbedding(text, SHAPE.layers);
    const off = Math.max(...want.map((w, j) => Math.abs(w - (warm.vectors[i]?.[j] ?? Number.NaN))));
    // int8 weights and activations carry their rounding through every layer; float engines agree far closer.
    if (!(off < (e.name.includes('int8') ? 1e-2 : 2e-3))) throw new Error(`${e.name} gave passage ${i} a vector ${off} off the model's`);
  });
  const ms: number[] = [];
  for (let r = 0; r < EMBED_RUNS; r++) ms.push((await run()).ms);
  return (PASSAGES / median(ms)) * 1000;
}

export async function measureEmbeddingEngines(b: Bench): Promise<void> {
  const files = {
    gguf: writeBertEmbeddingModel(join(b.dir, 'engines-f32.gguf'), { ...SHAPE, type: GgmlType.F32 }),
    onnx_f32: writeOnnxEmbeddingModel(join(b.dir, 'engines-f32.onnx'), SHAPE),
    onnx_int8: writeOnnxEmbeddingModel(join(b.dir, 'engines-int8.onnx'), { ...SHAPE, int8: true }),
  };
  // The shipped path reads the int8 file as transformers.js lays it out, with its tokenizer.json.
  mkdirSync(join(b.dir, 'engines-onnx', 'onnx'), { recursive: true });
  copyFileSync(join(b.dir, 'engines-int8.onnx'), join(b.dir, 'engines-onnx', 'onnx', 'model_quantized.onnx'));
  writeFileSync(join(b.dir, 'engines-onnx', 'tokenizer.json'), bertTokenizerJson());
  const engines: Engine[] = [
    { name: 'llama.cpp, GGUF F32, through InPage (the earlier default)', engine: 'inpage', file: 'engines-f32.gguf', perCall: 1 },
    {
      name: 'ONNX Runtime Web, int8, through InPage (shipped)',
      engine: 'inpage',
      file: 'engines-onnx/onnx/model_quantized.onnx',
      perCall: 1,
    },
    { name: 'ONNX Runtime Web, F32', engine: 'onnxruntime-web', file: 'engines-f32.onnx', perCall: 1 },
    { name: 'ONNX Runtime Web, int8', engine: 'onnxruntime-web', file: 'engines-int8.onnx', perCall: 1 },
    { name: `ONNX Runtime Web, int8, ${PASSAGES} a call`, engine: 'onnxruntime-web', file: 'engines-int8.onnx', perCall: PASSAGES },
  ];
  const served = await fileServer(b, join(b.dir, 'engines-f32.gguf'));
  const lib = await startStaticServer('dist-lib', {
    isolated: true,
    base: '/lib/',
    extra: { '/engines.html': { type: 'text/html', body: PAGE }, ...ortFiles() },
  });
  const { context, page } = await newPage(b);
  try {
    const byThreads: Record<string, Record<string, number>> = {};
    for (const threads of THREAD_COUNTS)
      for (const e of engines) {
        const perSecond = round(await rate(page, `${lib.url}engines.html`, `${served.origin}/${e.file}`, e, threads), 2);
        byThreads[`threads_${threads}`] = { ...byThreads[`threads_${threads}`], [e.name]: perSecond };
        console.log(`  ${e.name}, ${threads} thread${threads > 1 ? 's' : ''}: ${perSecond} passages/s`);
      }
    const one = byThreads[`threads_${THREAD_COUNTS[0]}`] ?? {};
    const llama = one[engines[0]?.name ?? ''] ?? 0;
    const best = Math.max(...engines.slice(1).map((e) => one[e.name] ?? 0));
    b.results.embedding_engines = {
      onnxruntime_web: ORT_VERSION,
      passage_tokens: PASSAGE_TOKENS,
      passages: PASSAGES,
      file_bytes: files,
      passages_per_s: byThreads,
      best_onnx_vs_llama_one_thread: round(best / llama, 2),
      shipped_vs_llama_one_thread: round((one[engines[1]?.name ?? ''] ?? 0) / llama, 2),
    };
  } finally {
    await context.close();
    await lib.close();
    await served.close();
  }
}
