/**
 * Lighthouse 11 (the last with the PWA category, and it runs on Node 20) against the built app as
 * `npm start` serves it, in the system Chromium. Prints the category scores and whether the app is
 * installable, and writes bench/results/lighthouse.json.
 *
 * Usage: npm run lighthouse   (builds first)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumPath } from '../test/e2e/chromium.ts';

const PORT = 4179;
const url = `http://localhost:${PORT}/`;
const chromePath = chromiumPath();
if (!chromePath) throw new Error('No Chromium found: run `npm test` once (it installs one), or set CHROME_PATH.');

const preview = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' });
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error('vite preview did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'pwa'],
      // A desktop page on this machine's own loopback: no simulated phone or slow network.
      formFactor: 'desktop',
      screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
      throttlingMethod: 'provided',
    });
    if (!result) throw new Error('Lighthouse returned nothing');
    const { lhr } = result;
    const scores = Object.fromEntries(Object.values(lhr.categories).map((c) => [c.id, Math.round((c.score ?? 0) * 100)]));
    const installable = lhr.audits['installable-manifest'];
    const figures = {
      date: new Date().toISOString().slice(0, 10),
      lighthouse: lhr.lighthouseVersion,
      chromium: lhr.environment.hostUserAgent.match(/Chrome\/([\d.]+)/)?.[1],
      scores,
      installable: installable?.score === 1,
      installabilityErrors: (installable?.details as { items?: unknown[] } | undefined)?.items ?? [],
      firstContentfulPaintMs: Math.round(lhr.audits['first-contentful-paint']?.numericValue ?? 0),
      totalBlockingTimeMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
      failing: Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
        .map((a) => a.id),
    };
    console.table(scores);
    console.log(JSON.stringify(figures, null, 2));
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/lighthouse.json', `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await chrome.kill();
  }
} finally {
  preview.kill();
}
