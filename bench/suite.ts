/**
 * InPage's benchmark suite: ratios measured side by side in one run, in headless Chromium on loopback.
 * Models are the spelling construction at benchmark sizes (every token costs a real model's compute,
 * and the text is always valid), written to a temporary folder.
 *
 *   token path   decode speed through the whole app ÷ the same engine in a bare worker page (goal ≥ 0.97)
 *   main thread  long tasks and the longest frame gap while 512 tokens stream, and input latency
 *   warm start   page open → ready from IndexedDB ÷ reading the same bytes from IndexedDB (goal ≤ 1.3)
 *   download     download-and-store ÷ a plain fetch of the same bytes (goal ≤ 1.2)
 *   app shell    gzip JS and CSS before first paint (goal ≤ 60 KB), first contentful paint, blocking time
 *   native       llama.cpp in WebAssembly ÷ native llama.cpp (node-llama-cpp), prefill and decode
 *   memory       peak memory of the browser's processes ÷ model size
 *   over 2 GB    a model larger than 2 GB stored and loaded from IndexedDB by the llama.cpp engine
 *
 * Usage: npm run bench (builds first). BENCH_SMOKE=1 runs everything at tiny sizes once (npm test
 * does, so the suite cannot rot; its figures mean nothing). RUNS, THREADS and SKIP_OVER_2GB=1 adjust;
 * ONLY=token,warm,download,shell,native,big runs some sections (written to bench/results/partial.*).
 * Writes bench/results.json and bench/results.md (smoke runs: bench/results/smoke.json and .md).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/chromium.ts';
import { GgmlType } from '../test/fixtures/gguf-writer.ts';
import { type ModelServer, startModelServer } from '../test/fixtures/model-server.ts';
import { startStaticServer } from '../test/fixtures/static-server.ts';
import { writeSpellingModel } from '../test/fixtures/tiny-model.ts';
import { nativeRun } from './native.ts';

const SMOKE = process.env.BENCH_SMOKE === '1';
const RUNS = SMOKE ? 1 : Number(process.env.RUNS ?? 5);
// The app's own default (wllama's): half the logical cores, leaving the rest to the page.
const THREADS = Number(process.env.THREADS ?? Math.max(1, Math.floor(cpus().length / 2)));
const ONLY = process.env.ONLY?.split(',') ?? null;
const runs = (section: string) => !ONLY || ONLY.includes(section);
const STREAM_TOKENS = SMOKE ? 64 : 512;
const DECODE_TOKENS = SMOKE ? 32 : 128;
const PROMPT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 '.repeat(SMOKE ? 1 : 4);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const spread = (xs: number[]) => [Math.min(...xs), Math.max(...xs)] as const;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

const executablePath = chromiumPath() as string;
if (!chromiumPath()) throw new Error('No Chromium found: run `npm test` once (it installs one), or set CHROME_PATH.');

/** Spelling models (looping, so only max_tokens ends a reply) of about `mb` megabytes. */
function writeModel(path: string, mb: number): number {
  const perLayer = 7.52; // MB of Q8_0 weights per layer at 768 × 2048
  if (mb < 10) return writeSpellingModel(path, undefined, undefined, true);
  const layers = Math.max(1, Math.round((mb - 2) / perLayer));
  return writeSpellingModel(path, { layers, embd: 768, ff: 2048, heads: 12, type: GgmlType.Q8_0 }, undefined, true);
}

const dir = mkdtempSync(join(tmpdir(), 'inpage-bench-'));
const paths = { decode: join(dir, 'decode.gguf'), download: join(dir, 'download.gguf'), huge: join(dir, 'huge.gguf') };
console.log(`Writing benchmark models to ${dir}…`);
const sizes = {
  decode: writeModel(paths.decode, SMOKE ? 1 : 61),
  download: writeModel(paths.download, SMOKE ? 40 : 500),
  huge: 0,
};
const overTwo = !SMOKE && process.env.SKIP_OVER_2GB !== '1';

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

const models: ModelServer = await startModelServer(paths.decode);
const site = await startStaticServer('dist', { isolated: true });
const bareSite = await startStaticServer(harnessDir, { isolated: true });
const chromiumVersion = await chromium.launch({ executablePath, args: CHROMIUM_ARGS }).then(async (b) => {
  const version = b.version();
  await b.close();
  return version;
});
/** Serves a file under its own name from a second loopback server. */
const fileServer = async (path: string, bytesPerSecond?: number) =>
  startStaticServer(dir, { isolated: false, cors: true, ...(bytesPerSecond ? { bytesPerSecond } : {}) }).then((s) => ({
    ...s,
    file: `${s.origin}/${path.split('/').pop()}`,
  }));
/** A fast home connection (50 MB/s, 400 Mbit/s): where the store's own speed stops mattering, or not. */
const LINK_BYTES_PER_SECOND = SMOKE ? 20e6 : 50e6;

/**
 * A browser with a profile of its own on disk, as a user's is: IndexedDB on disk (Playwright's usual
 * contexts keep it in memory), and nothing left from an earlier measurement.
 */
async function newPage(): Promise<{ context: BrowserContext; page: Page; profile: string }> {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS, serviceWorkers: 'block' });
  // tsx names functions with a __name helper that the page lacks; code passed to evaluate() needs it.
  await context.addInitScript('window.__name = (f) => f');
  return { context, page: context.pages()[0] ?? (await context.newPage()), profile };
}

/** Opens the app on `url`, greedy, with `maxTokens`, and waits until the model is ready. */
async function openApp(page: Page, url: string, maxTokens: number): Promise<void> {
  await page.goto(`${site.origin}/?model=${encodeURIComponent(url)}&threads=${THREADS}`);
  await page.locator('.status-line[data-state=ready]').waitFor({ timeout: 1_800_000 });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  for (const [name, value] of [
    ['Max tokens', maxTokens],
    ['Temperature', 0],
  ] as const) {
    await dialog.getByRole('spinbutton', { name }).fill(String(value));
    await dialog.getByRole('spinbutton', { name }).blur();
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
}

const KEY_EVENTS = new Set(['keydown', 'keypress', 'keyup', 'beforeinput', 'input']);

interface PageBench {
  times: number[];
  longTasks: number;
  gaps: number[];
  events: { name: string; duration: number; start: number }[];
  stop: boolean;
  disconnect: () => void;
}

/**
 * Sends `prompt` in a new conversation (as the bare engine and native llama.cpp get it: one user message,
 * no history, since decode slows as the context grows) and measures the stream as the user sees it,
 * with main-thread health alongside.
 */
async function measuredReply(page: Page, prompt: string, typeWhileStreaming = false) {
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  const before = await page.locator('article.assistant').count();
  await page.evaluate((index) => {
    const w = window as unknown as { bench: PageBench };
    w.bench?.disconnect();
    const bench: PageBench = { times: [], longTasks: 0, gaps: [], events: [], stop: false, disconnect: () => {} };
    w.bench = bench;
    const log = document.querySelector('[role=log]') as Element;
    // Only the new reply's text counts: the prompt's own appearance and prefill are not decode.
    let seen = 0;
    const mutations = new MutationObserver(() => {
      const length = log.querySelectorAll('article.assistant')[index]?.querySelector('.content')?.textContent?.length ?? 0;
      if (length > seen) {
        seen = length;
        bench.times.push(performance.now());
      }
    });
    mutations.observe(log, { subtree: true, characterData: true, childList: true });
    const tasks = new PerformanceObserver((list) => {
      bench.longTasks += list.getEntries().length;
    });
    tasks.observe({ type: 'longtask' });
    const events = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.events.push({ name: e.name, duration: e.duration, start: e.startTime });
    });
    events.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
    bench.disconnect = () => {
      mutations.disconnect();
      tasks.disconnect();
      events.disconnect();
      bench.stop = true;
    };
    let last = performance.now();
    const frame = (now: number) => {
      bench.gaps.push(now - last);
      last = now;
      if (!bench.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, before);
  await page.getByRole('textbox', { name: 'Message' }).fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.locator('article.assistant').nth(before);
  if (typeWhileStreaming) {
    await page.locator('article.assistant .content').nth(before).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).pressSequentially('typing while it streams', { delay: 30 });
  }
  await page.locator('article.assistant[data-source]').nth(before).waitFor({ timeout: 1_800_000 });
  const tokens = Number(await reply.getAttribute('data-completion-tokens'));
  const engineDecode = Number(await reply.getAttribute('data-decode-tps'));
  const enginePrefill = Number(await reply.getAttribute('data-prefill-tps'));
  const prompts = Number(await reply.getAttribute('data-prompt-tokens'));
  const b = await page.evaluate(() => {
    const { bench } = window as unknown as { bench: PageBench };
    bench.disconnect();
    return { times: bench.times, longTasks: bench.longTasks, gaps: bench.gaps, events: bench.events };
  });
  const first = b.times[0] ?? 0;
  const last = b.times.at(-1) ?? 0;
  return {
    tokens,
    prompts,
    appDecode: last > first ? ((tokens - 1) / (last - first)) * 1000 : Number.NaN,
    engineDecode,
    enginePrefill,
    longTasks: b.longTasks,
    maxFrameGap: Math.max(0, ...b.gaps.slice(1)),
    // Keys typed while the reply streams: from the key press to the frame that shows it.
    inputLatency: Math.max(0, ...b.events.filter((e) => KEY_EVENTS.has(e.name) && e.start >= first).map((e) => e.duration)),
    slowestEvents: [...b.events].sort((x, y) => y.duration - x.duration).slice(0, 3),
  };
}

/** Resident memory of every process of the Chromium using `profile` (it is in each command line), in bytes. */
function browserMemory(profile: string): number {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\n')
    .filter((line) => line.includes(profile))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]) * 1024, 0);
}

const results: Record<string, unknown> = {};
const notes: string[] = [];
try {
  // 1, 2: the token path and main-thread health, on the decode model.
  if (runs('token')) {
    console.log('Token path and main-thread health…');
    const { context, page } = await newPage();
    await openApp(page, models.url('/tiny.gguf'), STREAM_TOKENS);
    const app: number[] = [];
    const health: Awaited<ReturnType<typeof measuredReply>>[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const r = await measuredReply(page, PROMPT);
      if (run > 0 || SMOKE) {
        app.push(r.appDecode);
        health.push(r);
      }
    }
    // One more reply with typing alongside, for input latency; its speed is not a token-path figure.
    health.push(await measuredReply(page, PROMPT, true));
    await context.close();

    const bare = await newPage();
    await bare.page.goto(bareSite.url);
    const bareRates: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const r = await bare.page.evaluate(
        (args) =>
          (
            window as unknown as {
              runBare: (a: unknown) => Promise<{ completionTokens: number; firstChunkMs: number; lastChunkMs: number }>;
            }
          ).runBare(args),
        { url: models.url('/tiny.gguf'), threads: THREADS, prompt: PROMPT, maxTokens: STREAM_TOKENS },
      );
      if (run > 0 || SMOKE) bareRates.push(((r.completionTokens - 1) / (r.lastChunkMs - r.firstChunkMs)) * 1000);
    }
    await bare.context.close();
    const ratios = app.map((a, i) => a / (bareRates[i] as number));
    results.token_path_ratio = round(median(ratios));
    results.token_path = {
      app_tokens_per_s: round(median(app), 2),
      bare_tokens_per_s: round(median(bareRates), 2),
      ratio_spread: spread(ratios).map((n) => round(n)),
      engine_decode_in_app_tokens_per_s: round(median(health.slice(0, -1).map((h) => h.engineDecode)), 2),
      slowest_events_while_typing: health.at(-1)?.slowestEvents.map((e) => ({ name: e.name, ms: round(e.duration, 0) })),
    };
    results.long_tasks = Math.max(...health.map((h) => h.longTasks));
    results.max_frame_gap_ms = round(Math.max(...health.map((h) => h.maxFrameGap)), 1);
    results.input_latency_ms = round(Math.max(...health.map((h) => h.inputLatency)), 1);
  }

  // 3: warm start, against reading the same bytes from IndexedDB in the same page (on the larger model:
  // a small one would measure only the fixed cost of starting a page and an engine).
  if (runs('warm')) {
    console.log('Warm start…');
    const files = await fileServer(paths.download);
    const { context, page } = await newPage();
    await openApp(page, files.file, 8);
    const warm: number[] = [];
    const reads: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const started = Date.now();
      await page.reload();
      await page.locator('.status-line[data-state=ready]').waitFor({ timeout: 600_000 });
      const ready = Date.now() - started;
      const read = await page.evaluate(async () => {
        const t0 = performance.now();
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('inpage-models');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const blobs = await new Promise<Blob[]>((resolve, reject) => {
          const request = db.transaction('chunks').objectStore('chunks').getAll();
          request.onsuccess = () => resolve(request.result as Blob[]);
          request.onerror = () => reject(request.error);
        });
        let bytes = 0;
        for (const blob of blobs) bytes += (await blob.arrayBuffer()).byteLength;
        db.close();
        return { ms: performance.now() - t0, bytes };
      });
      if (run > 0 || SMOKE) {
        warm.push(ready);
        reads.push(read.ms);
      }
    }
    await context.close();

    // Where the time goes: the same engine, bare in a worker page, loading the same stored bytes.
    const bare = await newPage();
    const bareLoad = (page: Page) =>
      page.evaluate((args) => (window as unknown as { runBare: (a: unknown) => Promise<{ loadMs: number }> }).runBare(args), {
        url: files.file,
        threads: THREADS,
        prompt: '',
        maxTokens: 0,
        loadOnly: true,
      });
    await bare.page.goto(bareSite.url);
    await bareLoad(bare.page); // downloads into this profile's IndexedDB
    const bareWarm: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const started = Date.now();
      await bare.page.reload();
      await bareLoad(bare.page);
      if (run > 0 || SMOKE) bareWarm.push(Date.now() - started);
    }
    await bare.context.close();
    await files.close();
    const ratios = warm.map((w, i) => w / (reads[i] as number));
    results.warm_start_ratio = round(median(ratios));
    results.warm_start = {
      ready_ms: round(median(warm), 0),
      read_ms: round(median(reads), 0),
      bare_engine_ready_ms: round(median(bareWarm), 0),
      app_vs_bare_engine_ratio: round(median(warm.map((w, i) => w / (bareWarm[i] as number)))),
      bytes: sizes.download,
    };
  }

  // 4: download and store, against a plain fetch of the same bytes, in the same page: on loopback, and
  // over a link with a real connection's speed.
  if (runs('download')) {
    console.log('Download…');
    const measure = async (bytesPerSecond?: number) => {
      const files = await fileServer(paths.download, bytesPerSecond);
      const store: number[] = [];
      const plain: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const { context, page } = await newPage();
        await page.goto(`${site.origin}/?threads=${THREADS}`);
        plain.push(
          await page.evaluate(async (url) => {
            const t0 = performance.now();
            const reader = (await fetch(url, { cache: 'no-store' })).body?.getReader();
            while (reader && !(await reader.read()).done) {}
            return performance.now() - t0;
          }, files.file),
        );
        await page.getByRole('button', { name: 'Models', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Models' });
        await dialog.getByRole('textbox', { name: 'Model URL' }).fill(files.file);
        const started = Date.now();
        await dialog.getByRole('button', { name: 'Download', exact: true }).click();
        await dialog.getByText(/is downloaded and ready to use offline/).waitFor({ timeout: 1_800_000 });
        store.push(Date.now() - started);
        await context.close();
      }
      await files.close();
      const ratio = median(store.map((s, i) => s / (plain[i] as number)));
      return { ratio, store_ms: round(median(store), 0), fetch_ms: round(median(plain), 0) };
    };
    const loopback = await measure();
    results.download_ratio = round(loopback.ratio);
    results.download = { store_ms: loopback.store_ms, fetch_ms: loopback.fetch_ms, bytes: sizes.download };
    const link = await measure(LINK_BYTES_PER_SECOND);
    results.download_ratio_at_link_speed = round(link.ratio);
    results.download_at_link_speed = {
      store_ms: link.store_ms,
      fetch_ms: link.fetch_ms,
      bytes: sizes.download,
      link_mb_per_s: LINK_BYTES_PER_SECOND / 1e6,
    };
  }

  // 5: the app shell.
  if (runs('shell')) {
    console.log('App shell…');
    const { context, page } = await newPage();
    const loaded: string[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(site.origin)) loaded.push(new URL(r.url()).pathname);
    });
    await page.addInitScript(() => {
      const w = window as unknown as { blocking: number };
      w.blocking = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.blocking += Math.max(0, e.duration - 50);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${site.origin}/`);
    const fcp = await page.evaluate(
      () =>
        new Promise<{ fcp: number; atFcp: string[] }>((resolve) => {
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName('first-contentful-paint')[0];
            if (!entry) return;
            // What the document itself loaded before it painted; the engine worker starts alongside and is counted apart.
            const atFcp = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
              .filter(
                (r) =>
                  r.startTime <= entry.startTime &&
                  (r.initiatorType === 'script' || r.initiatorType === 'link' || r.initiatorType === 'css'),
              )
              .map((r) => new URL(r.name).pathname);
            resolve({ fcp: entry.startTime, atFcp });
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    await page.waitForTimeout(SMOKE ? 500 : 5000);
    const blocking = await page.evaluate(() => (window as unknown as { blocking: number }).blocking);
    await context.close();
    const shell = fcp.atFcp.filter((p) => /\.(js|css)$/.test(p));
    const gzip = shell.reduce((n, p) => n + gzipSync(readFileSync(join('dist', p))).byteLength, 0);
    results.shell_js_gzip_kb = round(gzip / 1024, 1);
    results.shell = {
      files: shell,
      first_contentful_paint_ms: round(fcp.fcp, 0),
      total_blocking_time_ms: round(blocking, 0),
      requests_before_idle: loaded.length,
    };
  }

  // 6: llama.cpp in WebAssembly against native llama.cpp on the same model and threads.
  if (runs('native')) {
    console.log('WebAssembly against native…');
    const { context, page } = await newPage();
    await openApp(page, models.url('/tiny.gguf'), DECODE_TOKENS);
    const wasm: Awaited<ReturnType<typeof measuredReply>>[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const r = await measuredReply(page, PROMPT);
      if (run > 0 || SMOKE) wasm.push(r);
    }
    await context.close();
    const native = await nativeRun(paths.decode, { threads: THREADS, prompt: PROMPT, maxTokens: DECODE_TOKENS, runs: RUNS });
    const prefill = median(wasm.map((w) => w.enginePrefill)) / native.prefill;
    const decode = median(wasm.map((w) => w.engineDecode)) / native.decode;
    results.wasm_vs_native_prefill_ratio = round(prefill);
    results.wasm_vs_native_decode_ratio = round(decode);
    results.native = {
      wasm_prefill_tokens_per_s: round(median(wasm.map((w) => w.enginePrefill)), 1),
      wasm_decode_tokens_per_s: round(median(wasm.map((w) => w.engineDecode)), 1),
      native_prefill_tokens_per_s: round(native.prefill, 1),
      native_decode_tokens_per_s: round(native.decode, 1),
      prompt_tokens: wasm[0]?.prompts,
      node_llama_cpp: native.version,
    };
  }

  // 8 (and 7, memory): a model over 2 GB, stored in 32 MB chunks and loaded from IndexedDB.
  if (runs('big')) {
    console.log('Over 2 GB, and memory…');
    let bytes = sizes.download;
    let path = paths.download;
    if (overTwo) {
      console.log('Writing a model over 2 GB…');
      bytes = writeModel(paths.huge, 2200);
      path = paths.huge;
    } else {
      notes.push(
        SMOKE
          ? 'Smoke mode: the over-2 GB figure comes from a small model.'
          : 'SKIP_OVER_2GB=1: the over-2 GB figure comes from the download model.',
      );
    }
    const files = await fileServer(path);
    // 7: memory is sampled here, on the largest model: does any step hold the whole file in memory?
    const { context, page, profile } = await newPage();
    const baseline = browserMemory(profile);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, browserMemory(profile));
    }, 250);
    const t0 = Date.now();
    await openApp(page, files.file, 8);
    const firstLoad = Date.now() - t0;
    const t1 = Date.now();
    await page.reload();
    await page.locator('.status-line[data-state=ready]').waitFor({ timeout: 1_800_000 });
    const fromStorage = Date.now() - t1;
    const reply = await measuredReply(page, 'hi');
    const last = page.locator('article.assistant[data-source]').last();
    const text = await last.getAttribute('data-source');
    // When it fails, what the user was told.
    const shown = ((await last.textContent()) ?? '').trim().slice(0, 500);
    clearInterval(sampler);
    peak = Math.max(peak, browserMemory(profile));
    await context.close();
    await files.close();
    results.memory_ratio = round(peak / bytes, 2);
    results.memory = {
      peak_mb: round(peak / 1e6, 1),
      browser_before_mb: round(baseline / 1e6, 1),
      model_mb: round(bytes / 1e6, 1),
      over_baseline_ratio: round((peak - baseline) / bytes, 2),
    };
    results.over_2gb_load_ok = text === 'ABCDEFGH' && reply.tokens === 8;
    results.over_2gb = {
      bytes,
      download_and_load_ms: firstLoad,
      load_from_storage_ms: fromStorage,
      reply: text,
      ...(results.over_2gb_load_ok ? {} : { shown }),
    };
  }
} finally {
  await site.close();
  await bareSite.close();
  await models.close();
  rmSync(dir, { recursive: true, force: true });
}

results.machine = { cores: cpus().length, cpu: cpus()[0]?.model, chromium: chromiumVersion, threads: THREADS };
results.date = new Date().toISOString().slice(0, 10);
results.mode = SMOKE ? 'smoke' : 'full';
results.runs = RUNS;
results.notes = notes;
// A full run is the record (committed); a smoke run only proves the suite still works.
const out = SMOKE ? 'bench/results/smoke' : ONLY ? 'bench/results/partial' : 'bench/results';
mkdirSync('bench/results', { recursive: true });
writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${out}.md`, markdown(results));
// The record is committed: write it as the project's formatter would, so `npm test`'s lint stays green.
if (!SMOKE && !ONLY) execFileSync('npx', ['biome', 'format', '--write', `${out}.json`, `${out}.md`], { stdio: 'ignore' });
console.log(markdown(results));
console.log(`Wrote ${out}.json and ${out}.md`);

function markdown(r: Record<string, unknown>): string {
  const goal = (value: unknown, ok: boolean, target: string) => `${String(value)} (goal ${target}: ${ok ? 'met' : 'missed'})`;
  const n = (key: string) => Number(r[key]);
  const m = r.machine as { cores: number; chromium: string; threads: number };
  return [
    `# InPage benchmarks — ${String(r.date)} (${String(r.mode)}, ${String(r.runs)} runs, median)`,
    '',
    `Machine: ${m.cores} cores, Chromium ${m.chromium}, llama.cpp on ${m.threads} threads.`,
    '',
    '| Figure | Value |',
    '| --- | --- |',
    `| Token path: app ÷ bare engine decode | ${goal(r.token_path_ratio, n('token_path_ratio') >= 0.97, '≥ 0.97')} |`,
    `| Long tasks while streaming | ${goal(r.long_tasks, n('long_tasks') === 0, '0')} |`,
    `| Longest frame gap while streaming | ${String(r.max_frame_gap_ms)} ms |`,
    `| Input latency while streaming (slowest key, to the next frame) | ${String(r.input_latency_ms)} ms |`,
    `| Warm start ÷ reading the bytes | ${goal(r.warm_start_ratio, n('warm_start_ratio') <= 1.3, '≤ 1.3')} |`,
    `| Download and store ÷ plain fetch (loopback) | ${goal(r.download_ratio, n('download_ratio') <= 1.2, '≤ 1.2')} |`,
    `| Download and store ÷ plain fetch (${String((r.download_at_link_speed as { link_mb_per_s?: number } | undefined)?.link_mb_per_s)} MB/s link) | ${goal(r.download_ratio_at_link_speed, n('download_ratio_at_link_speed') <= 1.2, '≤ 1.2')} |`,
    `| App shell before first paint (gzip) | ${goal(`${String(r.shell_js_gzip_kb)} KB`, n('shell_js_gzip_kb') <= 60, '≤ 60 KB')} |`,
    `| WebAssembly ÷ native llama.cpp, prefill | ${String(r.wasm_vs_native_prefill_ratio)} |`,
    `| WebAssembly ÷ native llama.cpp, decode | ${String(r.wasm_vs_native_decode_ratio)} |`,
    `| Peak browser memory ÷ model size | ${String(r.memory_ratio)} |`,
    `| Over 2 GB from IndexedDB | ${r.over_2gb_load_ok ? 'works' : 'FAILED'} |`,
    '',
    '```json',
    JSON.stringify(
      {
        token_path: r.token_path,
        warm_start: r.warm_start,
        download: r.download,
        download_at_link_speed: r.download_at_link_speed,
        shell: r.shell,
        native: r.native,
        memory: r.memory,
        over_2gb: r.over_2gb,
      },
      null,
      2,
    ),
    '```',
    ...(Array.isArray(r.notes) && r.notes.length ? ['', ...(r.notes as string[]).map((note) => `- ${note}`)] : []),
    '',
  ].join('\n');
}
