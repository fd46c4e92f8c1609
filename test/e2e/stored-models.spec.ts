/**
 * The stored-models panel against real entries: GGUF files in our store, and web-llm's cache written
 * both by our downloader and by web-llm's own code. Each side must read what the other wrote.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { makeMlcModel } from '../fixtures/mlc-model.ts';
import { startStaticServer } from '../fixtures/static-server.ts';
import { expect, test } from './fixtures.ts';
import { readStore } from './indexeddb.ts';

const webllmModule = readFileSync(createRequire(import.meta.url).resolve('@mlc-ai/web-llm'));
const INTEROP_PAGE =
  '<!doctype html><script type="module">import * as webllm from "/webllm.js"; window.webllm = webllm; window.ready = true;</script>';

/** Every key in web-llm's three databases. */
async function webllmKeys(page: Page): Promise<string[]> {
  const keys: string[] = [];
  for (const name of ['webllm/config', 'webllm/wasm', 'webllm/model'])
    keys.push(...((await readStore(page, name, 'urls', { keys: true })) as string[]));
  return keys;
}

test('a GGUF model is listed with its size and deleted for real', async ({ app }) => {
  await app.open();
  await app.ready();
  await app.openPanel('Models');
  const item = app.page.getByRole('list', { name: 'Stored models' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('tiny.gguf');
  await expect(item).toContainText('llama.cpp · 4.1 MB');
  await item.getByRole('button', { name: 'Delete tiny.gguf' }).click();
  await expect(app.page.getByText('None yet. A model is stored the first time it loads.')).toBeVisible();
  expect(await app.storedRecords()).toBe(0);
  await expect(app.status).toHaveAttribute('data-state', 'idle');
  await app.closePanel();

  // Deleted means deleted: the next message downloads it again.
  await app.send('hi');
  await app.finishedReply();
  expect(app.models.requests.filter((p) => p === '/tiny.gguf')).toHaveLength(2);
});

test('a vision model and its projector are stored, listed and deleted as one model', async ({ app }) => {
  const { page, models } = app;
  await app.open('/vision.gguf', `&mmproj=${encodeURIComponent(models.url('/vision-mmproj.gguf'))}`);
  await app.ready();
  const files = (await readStore(page, 'inpage-models', 'files', { keys: true })) as string[];
  expect(files.sort()).toEqual([models.url('/vision-mmproj.gguf'), models.url('/vision.gguf')]);
  await app.openPanel('Models');
  const item = page.getByRole('list', { name: 'Stored models' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  // One entry for both files (the projector's 19 kB do not show in the rounded size).
  await expect(item).toContainText('vision.gguf');
  await expect(item).toContainText('llama.cpp · 4.1 MB');
  await item.getByRole('button', { name: 'Delete vision.gguf' }).click();
  await expect(page.getByText('None yet. A model is stored the first time it loads.')).toBeVisible();
  expect(await app.storedRecords()).toBe(0);
  // The model in use was unloaded with its files.
  await expect(app.status).toHaveAttribute('data-state', 'idle');
});

test('web-llm reads our downloads, we list and delete what web-llm wrote, and nothing is left', async ({ app }) => {
  const site = await startStaticServer('dist', {
    isolated: true,
    extra: { '/webllm.js': { type: 'text/javascript', body: webllmModule }, '/interop.html': { type: 'text/html', body: INTEROP_PAGE } },
  });
  const { page, models } = app;
  const tiny = { base: models.url('/mlc/Tiny-MLC/'), lib: models.url('/mlc/libs/Tiny-MLC-webgpu.wasm') };
  const seed = { base: models.url('/mlc/Seed-MLC/'), lib: models.url('/mlc/libs/Seed-MLC-webgpu.wasm') };
  const appConfig = (m: { base: string; lib: string }, id: string) => ({
    cacheBackend: 'indexeddb',
    model_list: [{ model: m.base, model_id: id, model_lib: m.lib }],
  });
  try {
    // Our downloader stores Tiny-MLC (web-llm then fails on its library).
    await page.goto(`${site.origin}/?model=${encodeURIComponent(tiny.base)}&lib=${encodeURIComponent(tiny.lib)}`);
    await expect(page.getByRole('alert')).toContainText('could not be loaded');

    // web-llm's own code: it finds our Tiny-MLC complete, and writes Seed-MLC's config and library itself.
    await page.goto(`${site.origin}/interop.html`);
    await page.waitForFunction(() => (window as unknown as { ready: boolean }).ready);
    const interop = await page.evaluate(
      async ({ tinyConfig, seedConfig }) => {
        const webllm = (window as unknown as { webllm: typeof import('@mlc-ai/web-llm') }).webllm;
        const cached = await webllm.hasModelInCache('Tiny', tinyConfig as never);
        const engine = new webllm.MLCEngine({ appConfig: seedConfig as never });
        const failure = await engine.reload('Seed').then(
          () => 'loaded',
          (e: Error) => e.name,
        );
        return { cached, failure };
      },
      { tinyConfig: appConfig(tiny, 'Tiny'), seedConfig: appConfig(seed, 'Seed') },
    );
    expect(interop).toEqual({ cached: true, failure: 'CompileError' });
    const seeded = (await webllmKeys(page)).filter((k) => k.includes('/Seed-MLC'));
    expect(seeded.sort()).toEqual([`${seed.base}resolve/main/mlc-chat-config.json`, seed.lib].sort());

    // The panel lists both models and the library web-llm stored, with their real sizes.
    await page.goto(`${site.origin}/`);
    await app.openPanel('Models');
    const list = page.getByRole('list', { name: 'Stored models' });
    const files = makeMlcModel();
    const size = (name: string) => files.files.get(name)?.byteLength ?? 0;
    const tinyBytes = [...files.files.values()].reduce((n, f) => n + f.byteLength, 0) + files.library.byteLength;
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    await expect(list.getByRole('listitem').filter({ hasText: 'Tiny-MLC' })).toContainText(`web-llm · ${mb(tinyBytes)}`);
    await expect(list.getByRole('listitem').filter({ hasText: 'Tiny-MLC' })).not.toContainText('incomplete');
    await expect(list.getByRole('listitem').filter({ hasText: 'Seed-MLC' }).first()).toContainText(
      `${size('mlc-chat-config.json')} B · incomplete`,
    );
    await expect(list.getByRole('listitem').filter({ hasText: 'Model library Seed-MLC-webgpu.wasm' })).toContainText(
      `${files.library.byteLength} B`,
    );

    for (const name of ['Seed-MLC', 'Model library Seed-MLC-webgpu.wasm', 'Tiny-MLC']) {
      await list.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
      await expect(list.getByRole('button', { name: `Delete ${name}`, exact: true })).toHaveCount(0);
    }
    await expect(page.getByText('None yet. A model is stored the first time it loads.')).toBeVisible();
    expect(await webllmKeys(page)).toEqual([]);
  } finally {
    await site.close();
  }
});
