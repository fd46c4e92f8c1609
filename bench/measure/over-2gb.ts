/**
 * A model over 2 GB, stored in 32 MB chunks and loaded from IndexedDB by the llama.cpp engine; peak
 * memory of the browser's processes ÷ model size is sampled alongside (does any step hold the whole file?).
 */
import { type Bench, browserMemory, fileServer, newPage, openApp, SMOKE, writeModel } from '../bench.ts';
import { measuredReply } from '../reply.ts';
import { round } from '../stats.ts';

export async function measureOver2Gb(b: Bench): Promise<void> {
  const overTwo = !SMOKE && process.env.SKIP_OVER_2GB !== '1';
  let bytes = b.sizes.download;
  let path = b.paths.download;
  if (overTwo) {
    console.log('Writing a model over 2 GB…');
    bytes = writeModel(b.paths.huge, 2200);
    path = b.paths.huge;
  } else {
    b.notes.push(
      SMOKE
        ? 'Smoke mode: the over-2 GB figure comes from a small model.'
        : 'SKIP_OVER_2GB=1: the over-2 GB figure comes from the download model.',
    );
  }
  const files = await fileServer(b, path);
  const { context, page, profile } = await newPage(b);
  const baseline = browserMemory(profile);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, browserMemory(profile));
  }, 250);
  const t0 = Date.now();
  await openApp(b, page, files.file, 8);
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
  b.results.memory_ratio = round(peak / bytes, 2);
  b.results.memory = {
    peak_mb: round(peak / 1e6, 1),
    browser_before_mb: round(baseline / 1e6, 1),
    model_mb: round(bytes / 1e6, 1),
    over_baseline_ratio: round((peak - baseline) / bytes, 2),
  };
  b.results.over_2gb_load_ok = text === 'ABCDEFGH' && reply.tokens === 8;
  b.results.over_2gb = {
    bytes,
    download_and_load_ms: firstLoad,
    load_from_storage_ms: fromStorage,
    reply: text,
    ...(b.results.over_2gb_load_ok ? {} : { shown }),
  };
}
