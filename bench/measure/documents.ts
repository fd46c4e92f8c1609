/**
 * Documents: embedding throughput (chunks/s) with an embedding model of bge-small's shape (384 wide,
 * 12 layers, FFN 1536), and search latency over 10 k and 50 k stored chunks (384-dim int8 vectors
 * and 1 kB of text each, written straight into the index), first search and warm, through the library.
 */
import { join } from 'node:path';
import { GgmlType } from '../../test/fixtures/gguf-writer.ts';
import { startStaticServer } from '../../test/fixtures/static-server.ts';
import { writeEmbeddingModel } from '../../test/fixtures/tiny-model.ts';
import { type Bench, newPage, RUNS, SMOKE } from '../bench.ts';
import { median, round } from '../stats.ts';

const CHUNKS = SMOKE ? 4 : 32;
/** Embedding is slow on a CPU; two runs of the batch are enough for a median. */
const EMBED_RUNS = Math.min(RUNS, 2);
/** About 250 tokens: a 1000-character English chunk in a word-piece tokenizer (this one reads a character a token). */
const CHUNK_CHARS = 250;
const SIZES = SMOKE ? [200, 1000] : [10_000, 50_000];

const PAGE = `<!doctype html><title>documents bench</title><script type="module">
  import { createRuntime } from './inpage.js';
  const runtime = createRuntime({ embeddingModel: new URLSearchParams(location.search).get('embed') });
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

export async function measureDocuments(b: Bench): Promise<void> {
  const model = join(b.dir, 'embed-bench.gguf');
  writeEmbeddingModel(model, SMOKE ? {} : { layers: 12, ff: 1536, type: GgmlType.Q8_0 });
  process.env.EMBED_MODEL_PATH = model;
  const lib = await startStaticServer('dist-lib', {
    isolated: true,
    base: '/lib/',
    extra: { '/documents.html': { type: 'text/html', body: PAGE } },
  });
  const { context, page } = await newPage(b);
  try {
    const embed = b.models.url('/embed.gguf');
    await page.goto(`${lib.url}documents.html?embed=${encodeURIComponent(embed)}`);
    type Runtime = {
      embeddings: { create(p: { input: string[] }): Promise<{ usage: { prompt_tokens: number } }> };
      documents: { search(q: string, o: object): Promise<unknown[]> };
    };
    type Window = {
      runtime: Runtime;
      time(run: () => Promise<unknown>): Promise<number>;
      seed(id: string, n: number, dims: number, model: string): Promise<void>;
    };
    const texts = Array.from({ length: CHUNKS }, (_, i) =>
      `chunk ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(8)}`.slice(0, CHUNK_CHARS),
    );
    // The first call loads the model; throughput is measured after it.
    await page.evaluate(() => (window as unknown as Window).runtime.embeddings.create({ input: ['warm up'] }));
    const embedMs: number[] = [];
    for (let run = 0; run < EMBED_RUNS; run++)
      embedMs.push(
        await page.evaluate(
          (input) => (window as unknown as Window).time(() => (window as unknown as Window).runtime.embeddings.create({ input })),
          texts,
        ),
      );
    const queryMs: number[] = [];
    for (let run = 0; run < RUNS; run++)
      queryMs.push(
        await page.evaluate(() =>
          (window as unknown as Window).time(() =>
            (window as unknown as Window).runtime.embeddings.create({ input: ['what does the report say?'] }),
          ),
        ),
      );
    const perSecond = (CHUNKS / median(embedMs)) * 1000;
    console.log(`  embedding: ${round(perSecond, 1)} chunks/s (${CHUNKS} chunks of ${CHUNK_CHARS} tokens)`);

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
    b.results.documents = {
      embed_chunks: CHUNKS,
      embed_chunk_tokens: CHUNK_CHARS,
      embed_chunks_per_s: round(perSecond, 1),
      query_embed_ms: round(median(queryMs), 1),
      search_ms: search,
    };
  } finally {
    await context.close();
    await lib.close();
  }
}
