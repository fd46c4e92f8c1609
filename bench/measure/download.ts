/**
 * Download and store, against a plain fetch of the same bytes, in the same page (goal ≤ 1.2): on
 * loopback, and over a link with a real connection's speed.
 */
import { type Bench, fileServer, newPage, RUNS, SMOKE, THREADS } from '../bench.ts';
import { median, round } from '../stats.ts';

/** A fast home connection (50 MB/s, 400 Mbit/s): where the store's own speed stops mattering, or not. */
const LINK_BYTES_PER_SECOND = SMOKE ? 20e6 : 50e6;

async function measure(b: Bench, bytesPerSecond?: number) {
  const files = await fileServer(b, b.paths.download, bytesPerSecond);
  const store: number[] = [];
  const plain: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await newPage(b);
    await page.goto(`${b.site.origin}/?threads=${THREADS}`);
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
}

export async function measureDownload(b: Bench): Promise<void> {
  const loopback = await measure(b);
  b.results.download_ratio = round(loopback.ratio);
  b.results.download = { store_ms: loopback.store_ms, fetch_ms: loopback.fetch_ms, bytes: b.sizes.download };
  const link = await measure(b, LINK_BYTES_PER_SECOND);
  b.results.download_ratio_at_link_speed = round(link.ratio);
  b.results.download_at_link_speed = {
    store_ms: link.store_ms,
    fetch_ms: link.fetch_ms,
    bytes: b.sizes.download,
    link_mb_per_s: LINK_BYTES_PER_SECOND / 1e6,
  };
}
