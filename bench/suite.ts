/**
 * InPage's benchmark suite: ratios measured side by side in one run, in headless Chromium on loopback.
 * Models are the spelling construction at benchmark sizes (every token costs a real model's compute,
 * and the text is always valid), written to a temporary folder. One file per measurement in measure/:
 *
 *   token      decode through the whole app ÷ the same engine in a bare worker page (goal ≥ 0.97),
 *              long tasks and frame gaps while 512 tokens stream, input latency
 *   turns      ten turns: time to first token of turn 10 ÷ turn 1 (goal ≤ 1.2), input delay at ~1.5 k tokens
 *   context    decode tokens/s at 0, 512, 1 k, 1.5 k tokens of context for llama.cpp's options
 *   warm       page open → ready from IndexedDB ÷ reading the bytes (goal ≤ 1.3) and ÷ the bare engine (≤ 1.1)
 *   download   download-and-store ÷ a plain fetch of the same bytes (goal ≤ 1.2)
 *   shell      gzip JS and CSS before first paint (goal ≤ 60 KB), first contentful paint, blocking time
 *   native     llama.cpp in WebAssembly ÷ native llama.cpp (node-llama-cpp), prefill and decode
 *   big        a model over 2 GB stored and loaded from IndexedDB, and peak memory ÷ model size
 *   documents  embedding throughput (chunks/s), and search latency over 10 k and 50 k stored chunks
 *   embedders  the same embedding model on llama.cpp and on ONNX Runtime Web (F32, int8): passages/s
 *   compat     llama.cpp's compat WebAssembly build ÷ the default build: load, prefill and decode
 *   quant      llama.cpp by GGUF type (F32, F16, Q8_0, Q4_0) on one model shape: prefill and decode on 1 thread and every core
 *   picture    a 1024 × 768 photo attached in the app to its reply's first token, through a projector of a real encoder's shape
 *
 * Usage: npm run bench (builds first). BENCH_SMOKE=1 runs everything at tiny sizes once (npm test
 * does, so the suite cannot rot; its figures mean nothing). RUNS, THREADS and SKIP_OVER_2GB=1 adjust;
 * ONLY=token,turns,context,… runs some sections (written to bench/results/partial.*); with ADD=1 their
 * figures also go into the record, with a note saying so.
 * Writes bench/results.json and bench/results.md (smoke runs: bench/results/smoke.json and .md), then
 * the tables of docs/performance.md from the record (bench/readme.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from '../test/e2e/chromium.ts';
import { startModelServer } from '../test/fixtures/model-server.ts';
import { startStaticServer } from '../test/fixtures/static-server.ts';
import { type Bench, executablePath, RUNS, SMOKE, THREADS, writeModel } from './bench.ts';
import { measureDecodeByContext } from './measure/decode-by-context.ts';
import { measureDocuments } from './measure/documents.ts';
import { measureDownload } from './measure/download.ts';
import { measureEmbeddingEngines } from './measure/embedding-engines.ts';
import { measureMultiTurn } from './measure/multi-turn.ts';
import { measureOver2Gb } from './measure/over-2gb.ts';
import { measurePicture } from './measure/picture.ts';
import { measurePrefillVsDecode } from './measure/prefill-vs-decode.ts';
import { measureQuant } from './measure/quant.ts';
import { measureShell } from './measure/shell.ts';
import { measureThreads } from './measure/threads.ts';
import { measureTokenPath } from './measure/token-path.ts';
import { measureWarmStart } from './measure/warm-start.ts';
import { measureWasmBuilds } from './measure/wasm-builds.ts';
import { measureWasmVsNative } from './measure/wasm-vs-native.ts';
import { markdown } from './report.ts';

const SECTIONS: [name: string, title: string, run: (b: Bench) => Promise<void>][] = [
  ['token', 'Token path and main-thread health', measureTokenPath],
  ['threads', 'Threads', measureThreads],
  ['turns', 'Ten turns', measureMultiTurn],
  ['context', 'Decode by context length', measureDecodeByContext],
  ['warm', 'Warm start', measureWarmStart],
  ['download', 'Download', measureDownload],
  ['shell', 'App shell', measureShell],
  ['native', 'WebAssembly against native', measureWasmVsNative],
  ['big', 'Over 2 GB, and memory', measureOver2Gb],
  ['documents', 'Documents: embedding and search', measureDocuments],
  ['embedders', 'Embedding engines side by side', measureEmbeddingEngines],
  ['compat', 'The compat WebAssembly build', measureWasmBuilds],
  ['quant', 'llama.cpp by GGUF type', measureQuant],
  ['prefill', 'Prefill against decode on Phi-3-mini’s shape', measurePrefillVsDecode],
  ['picture', 'A picture to its first token', measurePicture],
];
const ONLY = process.env.ONLY?.split(',') ?? null;
const ADD = process.env.ADD === '1';
if (ADD && (!ONLY || SMOKE)) throw new Error('ADD=1 adds the sections ONLY names to the record from a full-size run');
const unknown = ONLY?.filter((name) => !SECTIONS.some(([known]) => known === name)) ?? [];
if (unknown.length) throw new Error(`ONLY names no section ${unknown.join(', ')}; sections: ${SECTIONS.map(([n]) => n).join(', ')}`);

const dir = mkdtempSync(join(tmpdir(), 'inpage-bench-'));
const paths = {
  decode: join(dir, 'decode.gguf'),
  download: join(dir, 'download.gguf'),
  huge: join(dir, 'huge.gguf'),
  phi3Shaped: join(dir, 'phi3-shaped.gguf'),
};
console.log(`Writing benchmark models to ${dir}…`);
const sizes = { decode: writeModel(paths.decode, SMOKE ? 1 : 61), download: writeModel(paths.download, SMOKE ? 12 : 500) };

// The bare harness: the engine in a worker page with no UI, built beside the app.
const harnessDir = join(dir, 'harness');
await build({
  root: 'bench/harness',
  base: './',
  configFile: false,
  logLevel: 'warn',
  define: { __INPAGE_BUILD__: JSON.stringify('bench'), __INPAGE_CONNECT_HOSTS__: '[]' },
  worker: { format: 'es' },
  build: { outDir: harnessDir, emptyOutDir: true, target: 'es2022' },
});

const bench: Bench = {
  dir,
  paths,
  sizes,
  models: await startModelServer(paths.decode),
  site: await startStaticServer('dist', { isolated: true }),
  bareSite: await startStaticServer(harnessDir, { isolated: true }),
  results: {},
  notes: [],
};
const chromiumVersion = await chromium.launch({ executablePath, args: CHROMIUM_ARGS }).then(async (b) => {
  const version = b.version();
  await b.close();
  return version;
});
try {
  for (const [name, title, run] of SECTIONS) {
    if (ONLY && !ONLY.includes(name)) continue;
    console.log(`${title}…`);
    const started = performance.now();
    await run(bench);
    // Where a run's time goes, so the smoke run in npm test can be kept short.
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    // A crash in a later section keeps what the earlier ones measured (ADD=1 can put them in the record).
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/in-progress.json', `${JSON.stringify(bench.results, null, 2)}\n`);
  }
} finally {
  await bench.site.close();
  await bench.bareSite.close();
  await bench.models.close();
  rmSync(dir, { recursive: true, force: true });
}

const results = bench.results;
results.machine = { cores: cpus().length, cpu: cpus()[0]?.model, chromium: chromiumVersion, threads: THREADS };
results.date = new Date().toISOString().slice(0, 10);
results.mode = SMOKE ? 'smoke' : 'full';
results.runs = RUNS;
results.notes = bench.notes;
// A full run is the record (committed); a smoke run only proves the suite still works.
const out = SMOKE ? 'bench/results/smoke' : ONLY ? 'bench/results/partial' : 'bench/results';
mkdirSync('bench/results', { recursive: true });
writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${out}.md`, markdown(results));
console.log(markdown(results));
console.log(`Wrote ${out}.json and ${out}.md`);
if (ADD) {
  const record = JSON.parse(readFileSync('bench/results.json', 'utf8'));
  const keys = Object.keys(results).filter((key) => !['machine', 'date', 'mode', 'runs', 'notes'].includes(key));
  for (const key of keys) record[key] = results[key];
  record.notes = [
    ...(record.notes ?? []),
    `${keys.join(', ')}: from ONLY=${ONLY?.join(',')} ADD=1 on ${results.date}, ${RUNS} runs, Chromium ${chromiumVersion}, after the full run of ${record.date}.`,
  ];
  writeFileSync('bench/results.json', `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync('bench/results.md', markdown(record));
  console.log(`Added ${keys.join(', ')} to bench/results.json`);
}
if (!SMOKE && (!ONLY || ADD)) {
  // The record is committed: write it as the project's formatter would, so `npm test`'s lint stays green.
  execFileSync('npx', ['biome', 'format', '--write', 'bench/results.json', 'bench/results.md'], { stdio: 'ignore' });
  execFileSync('npx', ['tsx', 'bench/readme.ts'], { stdio: 'inherit' });
}
