/**
 * What every measurement shares: the settings of this run, the models written for it, the loopback
 * servers, and fresh browser profiles on disk.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/chromium.ts';
import { GgmlType } from '../test/fixtures/gguf-writer.ts';
import type { ModelServer } from '../test/fixtures/model-server.ts';
import { type StaticServer, startStaticServer } from '../test/fixtures/static-server.ts';
import { writeSpellingModel } from '../test/fixtures/tiny-model.ts';

export const SMOKE = process.env.BENCH_SMOKE === '1';
export const RUNS = SMOKE ? 1 : Number(process.env.RUNS ?? 5);
/** Runs first, not counted: they warm the browser's caches. A smoke run only proves the figures come out, so it warms nothing. */
export const WARMUP = SMOKE ? 0 : 1;
// The app's own default (wllama's): half the logical cores, leaving the rest to the page.
export const THREADS = Number(process.env.THREADS ?? Math.max(1, Math.floor(cpus().length / 2)));
export const STREAM_TOKENS = SMOKE ? 64 : 512;
export const DECODE_TOKENS = SMOKE ? 32 : 128;
export const PROMPT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 '.repeat(SMOKE ? 1 : 4);

const found = chromiumPath();
if (!found) throw new Error('No Chromium found: run `npm test` once (it installs one), or set CHROME_PATH.');
export const executablePath: string = found;

/** Spelling models (looping, so only max_tokens ends a reply) of about `mb` megabytes. */
export function writeModel(path: string, mb: number): number {
  const perLayer = 7.52; // MB of Q8_0 weights per layer at 768 × 2048
  if (mb < 10) return writeSpellingModel(path, undefined, undefined, true);
  const layers = Math.max(1, Math.round((mb - 2) / perLayer));
  return writeSpellingModel(path, { layers, embd: 768, ff: 2048, heads: 12, type: GgmlType.Q8_0 }, undefined, true);
}

/**
 * One layer of Phi-3-mini's width (3072, FFN 8192; Q8_0, about 120 MB): per token, attention and weights
 * weigh what they do in Phi-3-mini, so how time to first token grows with the context is Phi-3's.
 */
export function writePhi3ShapedModel(path: string): number {
  if (SMOKE) return writeSpellingModel(path, undefined, undefined, true);
  return writeSpellingModel(path, { layers: 1, embd: 3072, ff: 8192, heads: 32, type: GgmlType.Q8_0 }, undefined, true);
}

export interface Bench {
  dir: string;
  paths: { decode: string; download: string; huge: string; phi3Shaped: string };
  sizes: { decode: number; download: number };
  /** Serves the decode model as /tiny.gguf. */
  models: ModelServer;
  /** The built app, cross-origin isolated as `npm start` serves it. */
  site: StaticServer;
  /** The bare harness: the engine in a worker page with no UI. */
  bareSite: StaticServer;
  results: Record<string, unknown>;
  notes: string[];
}

/** Resident memory of every process of the Chromium using `profile` (it is in each command line), in bytes. */
export function browserMemory(profile: string): number {
  const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\n')
    .filter((line) => line.includes(profile))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]) * 1024, 0);
}

/**
 * A browser with a profile of its own on disk, as a user's is: IndexedDB on disk (Playwright's usual
 * contexts keep it in memory), and nothing left from an earlier measurement.
 */
export async function newPage(b: Bench): Promise<{ context: BrowserContext; page: Page; profile: string }> {
  const profile = mkdtempSync(join(b.dir, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS, serviceWorkers: 'block' });
  // tsx names functions with a __name helper that the page lacks; code passed to evaluate() needs it.
  await context.addInitScript('window.__name = (f) => f');
  return { context, page: context.pages()[0] ?? (await context.newPage()), profile };
}

/** Sets generation settings through the app's Settings panel, as a user would. */
export async function setSettings(page: Page, values: { maxTokens?: number; temperature?: number; reuse?: boolean }): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  for (const [name, value] of [
    ['Max tokens', values.maxTokens],
    ['Temperature', values.temperature],
  ] as const) {
    if (value === undefined) continue;
    await dialog.getByRole('spinbutton', { name }).fill(String(value));
    await dialog.getByRole('spinbutton', { name }).blur();
  }
  if (values.reuse !== undefined) await dialog.getByRole('checkbox', { name: /Reuse the previous turn/ }).setChecked(values.reuse);
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** Opens the app on `url`, greedy, with `maxTokens`, and waits until the model is ready. */
export async function openApp(b: Bench, page: Page, url: string, maxTokens: number): Promise<void> {
  await page.goto(`${b.site.origin}/?model=${encodeURIComponent(url)}&threads=${THREADS}`);
  await page.locator('.status-line[data-state=ready]').waitFor({ timeout: 1_800_000 });
  await setSettings(page, { maxTokens, temperature: 0 });
}

/** Serves a file of the bench's folder under its own name from a second loopback server. */
export async function fileServer(b: Bench, path: string, bytesPerSecond?: number) {
  const s = await startStaticServer(b.dir, { isolated: false, cors: true, ...(bytesPerSecond ? { bytesPerSecond } : {}) });
  return { ...s, file: `${s.origin}/${path.split('/').pop()}` };
}
