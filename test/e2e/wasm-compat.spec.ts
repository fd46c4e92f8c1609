/**
 * llama.cpp's compat WebAssembly build (for browsers without JSPI or Memory64), served from the app's
 * own origin: forced with ?wasm=compat, it answers exactly, online and offline, and no request goes
 * anywhere but the app and the model host. The default build stays what Chromium runs, and the
 * compat files are fetched by no one who does not need them.
 */
import { startStaticServer } from '../fixtures/static-server.ts';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';
import { controlled, onOwnServers, recordViolations } from './service-worker.ts';

test.use({ serviceWorkers: 'allow' });

const COMPAT_FILE = /\/assets\/wllama-compat-[\w-]+\.(js|wasm)$/;

/** The compat files the service worker has stored for offline use. */
function storedCompat(page: import('@playwright/test').Page): Promise<string[]> {
  return page.evaluate(async () => {
    if (!(await caches.has('inpage-wasm-compat'))) return [];
    const keys = await (await caches.open('inpage-wasm-compat')).keys();
    return keys.map((request) => new URL(request.url).pathname).sort();
  });
}

test('?wasm=compat: the compat build from this origin answers exactly, online and after an offline reload, with no other host and no policy violation', async ({
  app,
  context,
}) => {
  const { page } = app;
  const origins = new Set<string>();
  context.on('request', (request) => {
    if (/^https?:/.test(request.url())) origins.add(new URL(request.url()).origin);
  });
  await onOwnServers(async ({ site, models, cut }) => {
    const violations = await recordViolations(page);
    await page.goto(`${site.url}?wasm=compat&model=${encodeURIComponent(models.url('/tiny.gguf'))}`);
    await app.ready();
    await expect(app.status).toHaveAttribute('data-wasm-build', 'compat');
    await expect(app.status).toContainText('compat build: asked for');
    await app.send('hi');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
    // Both compat files came from the app's own server, and the service worker keeps them for offline use.
    const fetched = [...new Set(site.requests.filter((path) => COMPAT_FILE.test(path)))].sort();
    expect(fetched.map((path) => path.split('.').at(-1))).toEqual(['js', 'wasm']);
    await controlled(page);
    await expect.poll(() => storedCompat(page)).toEqual(fetched);

    // Cut the network for real: both servers go away, their sockets with them.
    await cut();
    await page.reload();
    await app.ready();
    await expect(app.status).toHaveAttribute('data-wasm-build', 'compat');
    await expect(app.status).toContainText("loaded from this browser's storage");
    await app.send('hi');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);

    expect(await violations()).toEqual([]);
    expect([...origins].sort()).toEqual([models.origin, new URL(site.url).origin].sort());
  });
});

test('Chromium runs the default build: the compat files are neither fetched nor stored, and a bad ?wasm= is said, not fatal', async ({
  app,
}) => {
  const { page } = app;
  const site = await startStaticServer('dist', { isolated: false });
  try {
    await page.goto(`${site.url}?wasm=fast&model=${encodeURIComponent(app.models.url('/tiny.gguf'))}`);
    await app.ready();
    await expect(app.status).toHaveAttribute('data-wasm-build', 'default');
    await expect(app.status).toContainText('default build: this browser has JSPI and Memory64');
    await expect(app.status).toContainText('?wasm= is "fast", which is not a llama.cpp build: use auto, default, compat.');
    await app.send('hi');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
    await controlled(page);
    expect(await storedCompat(page)).toEqual([]);
    expect(site.requests.filter((path) => COMPAT_FILE.test(path))).toEqual([]);
  } finally {
    await site.close();
  }
});

test('the compat build uses threads where the page is isolated, and the device benchmark says which build it measured', async ({
  app,
  context,
}) => {
  const { page } = app;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('/tiny.gguf', '&wasm=compat&threads=2');
  await app.ready();
  await expect(app.status).toContainText('CPU, 2 threads');
  await expect(app.status).toHaveAttribute('data-wasm-build', 'compat');
  await app.openPanel('Models');
  const bench = page.getByRole('dialog', { name: 'Models' }).locator('.device-bench');
  await bench.getByRole('button', { name: 'Run the benchmark' }).click();
  await expect(bench.getByRole('rowheader', { name: 'llama.cpp · CPU (compat build)' })).toBeVisible({ timeout: 60_000 });
  await bench.getByRole('button', { name: 'Copy results as JSON' }).click();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.results).toMatchObject([{ label: 'llama.cpp · CPU', wasm_build: 'compat', error: null }]);
  expect(copied.results[0].decode_tokens_per_second).toBeGreaterThan(0);
});
