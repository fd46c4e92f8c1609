/** The app shell: gzip JS and CSS before first paint (goal ≤ 60 KB), first contentful paint, blocking time. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Bench, newPage, SMOKE } from '../bench.ts';
import { round } from '../stats.ts';

export async function measureShell(b: Bench): Promise<void> {
  const { context, page } = await newPage(b);
  const loaded: string[] = [];
  page.on('response', (r) => {
    if (r.url().startsWith(b.site.origin)) loaded.push(new URL(r.url()).pathname);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { blocking: number };
    w.blocking = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.blocking += Math.max(0, e.duration - 50);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${b.site.origin}/`);
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
                r.startTime <= entry.startTime && (r.initiatorType === 'script' || r.initiatorType === 'link' || r.initiatorType === 'css'),
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
  b.results.shell_js_gzip_kb = round(gzip / 1024, 1);
  b.results.shell = {
    files: shell,
    first_contentful_paint_ms: round(fcp.fcp, 0),
    total_blocking_time_ms: round(blocking, 0),
    requests_before_idle: loaded.length,
  };
}
