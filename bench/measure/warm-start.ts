/**
 * Warm start: page open → ready from IndexedDB, against reading the same bytes from IndexedDB in the same
 * page, and against the same engine in a bare worker page loading the same stored bytes (goal ≤ 1.1),
 * on the larger model (a small one would measure only the fixed cost of starting a page and an engine).
 */
import type { Page } from 'playwright-core';
import { runBare } from '../bare.ts';
import { type Bench, fileServer, newPage, openApp, RUNS, THREADS, WARMUP } from '../bench.ts';
import { median, round } from '../stats.ts';

/** Where the app says a start went: its `inpage:ready` mark, in ms (see src/state/runtime.ts). */
type Marks = Record<string, number>;

async function readStoredBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
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
    for (const blob of blobs) await blob.arrayBuffer();
    db.close();
    return performance.now() - t0;
  });
}

export async function measureWarmStart(b: Bench): Promise<void> {
  const files = await fileServer(b, b.paths.download);
  const app = await newPage(b);
  await openApp(b, app.page, files.file, 8);
  // The same engine, bare in a worker page, loading the same stored bytes; its runs alternate with the app's, so drift hits both.
  const bare = await newPage(b);
  const bareLoad = () => runBare(bare.page, { url: files.file, threads: THREADS, prompt: '', maxTokens: 0, loadOnly: true });
  await bare.page.goto(b.bareSite.url);
  await bareLoad(); // downloads into this profile's IndexedDB
  const warm: number[] = [];
  const reads: number[] = [];
  const marks: Marks[] = [];
  const bareWarm: number[] = [];
  const bareSteps: Marks[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    let started = Date.now();
    await app.page.reload();
    await app.page.locator('.status-line[data-state=ready]').waitFor({ timeout: 600_000 });
    const ready = Date.now() - started;
    const mark = await app.page.evaluate(() => {
      const done = performance.getEntriesByName('inpage:ready')[0] as PerformanceMark | undefined;
      const detail = (done?.detail ?? {}) as { page?: Record<string, number>; worker?: Record<string, number> };
      const steps: Record<string, number> = { 'navigation to ready': done?.startTime ?? Number.NaN };
      for (const [name, ms] of Object.entries(detail.page ?? {})) steps[`page: ${name}`] = ms;
      for (const [name, ms] of Object.entries(detail.worker ?? {})) steps[`worker: ${name}`] = ms;
      return steps;
    });
    const read = await readStoredBytes(app.page);
    started = Date.now();
    await bare.page.reload();
    const r = await bareLoad();
    const bareReady = Date.now() - started;
    if (run >= WARMUP) {
      warm.push(ready);
      reads.push(read);
      marks.push(mark);
      bareWarm.push(bareReady);
      bareSteps.push(r.loadSteps ?? {});
    }
  }
  await app.context.close();
  await bare.context.close();
  await files.close();
  const medianOf = (list: Marks[]) =>
    Object.fromEntries(
      [...new Set(list.flatMap((m) => Object.keys(m)))].map((n) => [n, round(median(list.map((m) => m[n] ?? Number.NaN)), 0)]),
    );
  const ratios = warm.map((w, i) => w / (reads[i] as number));
  const appVsBare = round(median(warm.map((w, i) => w / (bareWarm[i] as number))));
  b.results.warm_start_ratio = round(median(ratios));
  b.results.warm_start_app_vs_bare = appVsBare;
  b.results.warm_start = {
    ready_ms: round(median(warm), 0),
    read_ms: round(median(reads), 0),
    bare_engine_ready_ms: round(median(bareWarm), 0),
    app_vs_bare_engine_ratio: appVsBare,
    bytes: b.sizes.download,
    // The app's steps as it times them (page: listing and pre-flight, then load; worker: its part of load), median ms.
    app_steps_ms: medianOf(marks),
    bare_engine_steps_ms: medianOf(bareSteps),
  };
}
