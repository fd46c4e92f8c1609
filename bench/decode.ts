/**
 * Decode speed through the whole app, side by side with llama.cpp's own figure for the same replies.
 *
 * A model of about 60 M parameters (Q8_0) is served from loopback: the spelling construction at full
 * size, so every token costs the compute of a real 60 M model, yet the reply is the same 96 tokens of
 * valid text every time (random weights emit invalid UTF-8, which wllama 3.13 cannot pass back). The
 * built app loads it in headless Chromium and answers a fixed prompt several times. For each reply it records what
 * the user sees (tokens per second between the first and last DOM update, time to first token) and
 * what llama.cpp measured inside the worker. Their ratio is what the app's token path costs.
 *
 * Usage: npm run bench   (builds first)   Options: RUNS=5 PARAMS=60M MAX_TOKENS=96
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/chromium.ts';
import { GgmlType } from '../test/fixtures/gguf-writer.ts';
import { startModelServer } from '../test/fixtures/model-server.ts';
import { startStaticServer } from '../test/fixtures/static-server.ts';
import { writeSpellingModel } from '../test/fixtures/tiny-model.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const PARAMS = process.env.PARAMS ?? '60M';
const MAX_TOKENS = Number(process.env.MAX_TOKENS ?? 96);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

const executablePath = chromiumPath();
if (!executablePath) throw new Error('No Chromium found: run `npm test` once (it installs one), or set CHROME_PATH.');

const dir = mkdtempSync(join(tmpdir(), 'inpage-bench-'));
const modelPath = join(dir, 'tiny.gguf');
const params = Number.parseFloat(PARAMS) * (PARAMS.endsWith('G') ? 1e9 : 1e6);
const PER_LAYER = 4 * 768 * 768 + 3 * 768 * 2048;
const bytes = writeSpellingModel(modelPath, {
  layers: Math.max(1, Math.round(params / PER_LAYER)),
  embd: 768,
  ff: 2048,
  heads: 12,
  type: GgmlType.Q8_0,
});
const models = await startModelServer(modelPath);
const site = await startStaticServer('dist', { isolated: true });
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });

try {
  const page = await browser.newPage();
  let status = '';
  /** A fresh page per reply, so every prompt is the same single turn (weights come from IndexedDB). */
  const openApp = async () => {
    await page.goto(`${site.origin}/?model=${encodeURIComponent(models.url('/tiny.gguf'))}`);
    await page.locator('.status-line[data-state=ready]').waitFor({ timeout: 120_000 });
    status = (await page.locator('.status-line').textContent()) ?? '';
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    for (const [name, value] of [
      ['Max tokens', MAX_TOKENS],
      ['Temperature', 0],
    ] as const) {
      await dialog.getByRole('spinbutton', { name }).fill(String(value));
      await dialog.getByRole('spinbutton', { name }).blur();
    }
    await dialog.getByRole('button', { name: 'Close' }).click();
  };

  const rows: { tokens: number; app: number; engine: number; ttft: number }[] = [];
  for (let run = 0; run <= RUNS; run++) {
    await openApp();
    await page.evaluate(() => {
      const log = document.querySelector('[role=log]') as Element;
      const times: number[] = [];
      (window as unknown as { times: number[] }).times = times;
      const start = performance.now();
      times.push(start);
      new MutationObserver(() => {
        const reply = [...log.querySelectorAll('article.assistant .content')].at(-1);
        if (reply?.textContent) times.push(performance.now());
      }).observe(log, { subtree: true, characterData: true, childList: true });
    });
    await page.getByRole('textbox', { name: 'Message' }).fill('Tell me a long story about a lighthouse keeper.');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('article.assistant').last();
    await page.locator('article.assistant[data-source]').last().waitFor({ timeout: 120_000 });
    const tokens = Number(await reply.getAttribute('data-completion-tokens'));
    const engine = Number(await reply.getAttribute('data-decode-tps'));
    const times = await page.evaluate(() => (window as unknown as { times: number[] }).times);
    const [sent, first, last] = [times[0] as number, times[1] as number, times.at(-1) as number];
    // Run 0 warms caches and the JIT; it is not reported.
    if (run > 0 && tokens > 2 && last > first)
      rows.push({ tokens, app: ((tokens - 1) / (last - first)) * 1000, engine, ttft: first - sent });
  }

  const app = rows.map((r) => r.app);
  const engine = rows.map((r) => r.engine);
  const ratio = rows.map((r) => r.app / r.engine);
  const chromiumVersion = browser.version();
  console.log(`\nInPage decode benchmark — ${new Date().toISOString().slice(0, 10)}, Chromium ${chromiumVersion}, ${cpus().length} cores`);
  console.log(`Model: ${PARAMS} parameters, Q8_0, ${(bytes / 1e6).toFixed(0)} MB; ${status.trim()}`);
  console.log(`${rows.length} replies of up to ${MAX_TOKENS} tokens (median, min–max):\n`);
  console.log(`  decode as the user sees it   ${median(app).toFixed(2)} tokens/s   (${spread(app)})`);
  console.log(`  decode inside llama.cpp      ${median(engine).toFixed(2)} tokens/s   (${spread(engine)})`);
  console.log(`  app ÷ engine                 ${median(ratio).toFixed(3)}            (${spread(ratio)})`);
  console.log(`  time to first token          ${median(rows.map((r) => r.ttft)).toFixed(0)} ms`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/decode.json',
    `${JSON.stringify({ date: new Date().toISOString(), chromium: chromiumVersion, cores: cpus().length, params: PARAMS, bytes, status, rows }, null, 2)}\n`,
  );
  console.log('\nWrote bench/results/decode.json');
} finally {
  await browser.close();
  await site.close();
  await models.close();
  rmSync(dir, { recursive: true, force: true });
}
