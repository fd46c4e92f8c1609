/**
 * Documents: embedding throughput (passages/s) with the tiny BERT model at bge-small-en-v1.5's size
 * (BERT, 12 layers, 384 wide, FFN 1536, WordPiece, [CLS] pooling: bert-model.ts) as the shipped int8
 * ONNX on ONNX Runtime (transformers.js's layout, its tokenizer.json) and in each GGUF type a
 * published bge-small file comes in (F32, F16, Q8_0), on 1 thread and on every core, with passages of
 * 250 word pieces (a 1000-character English chunk in bge's vocabulary); and search latency over 10 k
 * and 50 k stored chunks (384-dim int8 vectors and 1 kB of text each, written straight into the index),
 * first search and warm, through the library.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bertPassage, bertTokenizerJson, writeBertEmbeddingModel } from '../../test/fixtures/bert-model.ts';
import { GgmlType } from '../../test/fixtures/gguf-writer.ts';
import { writeOnnxEmbeddingModel } from '../../test/fixtures/onnx-embedding-model.ts';
import { startStaticServer } from '../../test/fixtures/static-server.ts';
import { type Bench, fileServer, newPage, RUNS, SMOKE, THREADS } from '../bench.ts';
import { median, round } from '../stats.ts';

const CHUNKS = SMOKE ? 4 : 8;
/** Embedding is slow on a CPU; two runs of the batch are enough for a median. */
const EMBED_RUNS = Math.min(RUNS, 2);
/** A 1000-character English chunk is about 250 word pieces in bge's vocabulary (this one reads a letter a piece). */
const CHUNK_TOKENS = 250;
const SIZES = SMOKE ? [200, 1000] : [10_000, 50_000];
/** The shipped model first (its figure is `embed_chunks_per_s`), then the types a published bge-small GGUF comes in. */
const TYPES = ['ONNX_INT8', 'F32', 'Q8_0', 'F16'] as const;
const SHIPPED = 'ONNX_INT8';
/** One thread and every core (the smoke run, which only proves the code runs, tries one). */
const THREAD_COUNTS = SMOKE ? [THREADS] : [...new Set([1, THREADS, cpus().length])];

const PAGE = `<!doctype html><title>documents bench</title><script type="module">
  import { createRuntime } from './inpage.js';
  const params = new URLSearchParams(location.search);
  const runtime = createRuntime({ embeddingModel: params.get('embed'), threads: Number(params.get('threads')) || undefined });
  window.runtime = runtime;
  /** Writes a document of n chunks into the index as the worker stores one: int8 vectors, a scale each. */
  window.seed = async (id, n, dims, model) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('inpage-documents', 1);
      open.onupgradeneeded = () => { open.result.createObjectStore('documents'); open.result.createObjectStore('content'); };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const values = new Int8Array(n * dims);
    for (let i = 0; i < values.length; i++) values[i] = (Math.random() * 254 - 127) | 0;
    const scales = new Float32Array(n).fill(1 / (127 * Math.sqrt(dims / 3)));
    const text = 'lorem ipsum dolor sit amet '.repeat(40).slice(0, 1000);
    const chunks = Array.from({ length: n }, (_, i) => ({ text, start: i * 1000, end: i * 1000 + 1000 }));
    const record = { id, name: id + '.txt', kind: 'text', bytes: n * 1000, chunks: n, conversationId: null, embeddingModel: model, dims, createdAt: Date.now() };
    await new Promise((resolve, reject) => {
      const tx = db.transaction(['content', 'documents'], 'readwrite');
      tx.objectStore('content').put({ chunks, vectors: { dims, values, scales } }, id);
      tx.objectStore('documents').put(record, id);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  };
  window.time = async (run) => { const t0 = performance.now(); await run(); return performance.now() - t0; };
</script>`;

type Runtime = {
  embeddings: { create(p: { input: string[] }): Promise<{ usage: { prompt_tokens: number } }> };
  documents: { search(q: string, o: object): Promise<unknown[]> };
};
type Window = {
  runtime: Runtime;
  time(run: () => Promise<unknown>): Promise<number>;
  seed(id: string, n: number, dims: number, model: string): Promise<void>;
};

const texts = Array.from({ length: CHUNKS }, (_, i) => bertPassage(i, CHUNK_TOKENS));

/** Opens the page on embedding model `url` with `threads`, loads it, and returns its chunks/s (median of EMBED_RUNS). */
async function embedRate(page: Page, pageUrl: string, url: string, threads: number): Promise<number> {
  await page.goto(`${pageUrl}?embed=${encodeURIComponent(url)}&threads=${threads}`);
  // The first call loads the model and the first batch sizes the engine's buffers (ONNX Runtime plans its
  // memory per input shape): throughput is measured after both.
  await page.evaluate((input) => (window as unknown as Window).runtime.embeddings.create({ input }), texts);
  const embedMs: number[] = [];
  for (let run = 0; run < EMBED_RUNS; run++)
    embedMs.push(
      await page.evaluate(
        (input) => (window as unknown as Window).time(() => (window as unknown as Window).runtime.embeddings.create({ input })),
        texts,
      ),
    );
  return (CHUNKS / median(embedMs)) * 1000;
}

export async function measureDocuments(b: Bench): Promise<void> {
  const shape = SMOKE ? {} : { layers: 12, ff: 1536 };
  for (const type of TYPES)
    if (type !== SHIPPED) writeBertEmbeddingModel(join(b.dir, `embed-${type}.gguf`), { ...shape, type: GgmlType[type] });
  // As transformers.js publishes bge-small: onnx/model_quantized.onnx, and tokenizer.json above it.
  mkdirSync(join(b.dir, 'bge-onnx', 'onnx'), { recursive: true });
  writeOnnxEmbeddingModel(join(b.dir, 'bge-onnx', 'onnx', 'model_quantized.onnx'), { ...shape, int8: true });
  writeFileSync(join(b.dir, 'bge-onnx', 'tokenizer.json'), bertTokenizerJson());
  const files = await fileServer(b, join(b.dir, 'embed-F32.gguf'));
  const urlOf = (type: (typeof TYPES)[number]) =>
    type === SHIPPED ? `${files.origin}/bge-onnx/onnx/model_quantized.onnx` : `${files.origin}/embed-${type}.gguf`;
  const lib = await startStaticServer('dist-lib', {
    isolated: true,
    base: '/lib/',
    extra: { '/documents.html': { type: 'text/html', body: PAGE } },
  });
  const { context, page } = await newPage(b);
  try {
    const pageUrl = `${lib.url}documents.html`;
    // Each type on one thread and on every core, the types alternating so the machine's drift falls on all alike.
    const byType: Record<string, Record<string, number>> = {};
    for (const threads of THREAD_COUNTS)
      for (const type of TYPES) {
        const rate = await embedRate(page, pageUrl, urlOf(type), threads);
        byType[type] = { ...byType[type], [`threads_${threads}`]: round(rate, 2) };
        console.log(`  embedding, ${type}, ${threads} thread${threads > 1 ? 's' : ''}: ${round(rate, 2)} chunks/s`);
      }
    const embed = urlOf(SHIPPED);
    const perSecond = byType[SHIPPED]?.[`threads_${THREADS}`] ?? 0;
    // The search figures run on the shipped type and threads.
    await page.goto(`${pageUrl}?embed=${encodeURIComponent(embed)}&threads=${THREADS}`);
    // Warmed with the question itself: ONNX Runtime's first run at a new input length plans its memory.
    await page.evaluate(() => (window as unknown as Window).runtime.embeddings.create({ input: ['what does the report say?'] }));
    const queryMs: number[] = [];
    for (let run = 0; run < RUNS; run++)
      queryMs.push(
        await page.evaluate(() =>
          (window as unknown as Window).time(() =>
            (window as unknown as Window).runtime.embeddings.create({ input: ['what does the report say?'] }),
          ),
        ),
      );
    console.log(
      `  embedding, int8 ONNX, ${THREADS} thread(s), as shipped: ${round(perSecond, 1)} chunks/s (${CHUNKS} chunks of ${CHUNK_TOKENS} tokens)`,
    );

    // scan_ms: a warm search less embedding the question, i.e. reading the cached vectors and ranking them.
    const search: Record<string, { first_ms: number; warm_ms: number; scan_ms: number }> = {};
    let stored = 0;
    const ids: string[] = [];
    for (const size of SIZES) {
      const id = `bench-${size}`;
      await page.evaluate(([id, n, model]) => (window as unknown as Window).seed(id as string, n as number, 384, model as string), [
        id,
        size - stored,
        embed,
      ] as const);
      stored = size;
      ids.push(id);
      const find = (documents: string[]) =>
        page.evaluate(
          (documents) =>
            (window as unknown as Window).time(() =>
              (window as unknown as Window).runtime.documents.search('what does the report say?', { k: 6, documents }),
            ),
          documents,
        );
      const first = await find(ids);
      const warm: number[] = [];
      for (let run = 0; run < RUNS; run++) warm.push(await find(ids));
      search[String(size)] = {
        first_ms: round(first, 1),
        warm_ms: round(median(warm), 1),
        scan_ms: round(Math.max(0, median(warm) - median(queryMs)), 1),
      };
      console.log(`  search over ${size} chunks: first ${round(first, 0)} ms, then ${round(median(warm), 1)} ms`);
    }
    // The headline figure: passages of 250 tokens indexed per second on the shipped type and threads.
    b.results.embedding_passages_per_s = round(perSecond, 2);
    b.results.documents = {
      embed_type: 'int8 ONNX (ONNX Runtime Web)',
      embed_by_type: byType,
      embed_chunks: CHUNKS,
      embed_chunk_tokens: CHUNK_TOKENS,
      embed_chunks_per_s: round(perSecond, 1),
      query_embed_ms: round(median(queryMs), 1),
      search_ms: search,
    };
  } finally {
    await context.close();
    await lib.close();
    await files.close();
  }
}
