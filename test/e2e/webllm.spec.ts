/**
 * web-llm in the runtime worker, with SwiftShader's WebGPU: the automatic model choice, and a load
 * from a local mirror through the real web-llm code (its library is not WebAssembly, so it fails).
 */
import { expect, test } from './fixtures.ts';
import { readStore } from './indexeddb.ts';

const mirror = (name: string) => ({ base: `/mlc/${name}-MLC/`, lib: `/mlc/libs/${name}-MLC-webgpu.wasm` });

test('the probe finds SwiftShader without shader-f16 and picks Phi-3 mini q4f32, downloading nothing', async ({ app }) => {
  await app.page.goto('/');
  await expect(app.status).toHaveAttribute('data-model-id', 'Phi-3-mini-4k-instruct-q4f32_1-MLC');
  await expect(app.status).toContainText('Phi-3 mini 4k (WebGPU, q4f32) · about 2.40 GB loads when you send a message, or press Load.');
  await expect(app.status).toContainText('Chosen for this device: your GPU has no shader-f16 → q4f32 variant.');
  await app.openPanel('Models');
  const dialog = app.page.getByRole('dialog', { name: 'Models' });
  await expect(dialog).toContainText('Chosen for this device: your GPU has no shader-f16 → q4f32 variant.');
  const recommended = dialog.getByRole('row').filter({ hasText: 'recommended for this device' });
  await expect(recommended).toHaveCount(1);
  await expect(recommended).toHaveAttribute('data-model-id', 'Phi-3-mini-4k-instruct-q4f32_1-MLC');
  await expect(recommended).toContainText('web-llm');
  await expect(recommended).toContainText('Not downloaded');
  expect(app.models.requests).toEqual([]);
});

test('a mirror: files land in web-llm’s IndexedDB with progress, then web-llm reports the bad library clearly', async ({
  app,
  offsiteRequests,
}) => {
  // Record every text the status line shows, from the first render on.
  await app.page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { statusTexts: string[] }).statusTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.status-line')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const { base, lib } = mirror('Tiny');
  await app.page.goto(`/?model=${encodeURIComponent(app.models.url(base))}&lib=${encodeURIComponent(app.models.url(lib))}`);

  const alert = app.page.getByRole('alert');
  await expect(alert).toContainText('The model library for Tiny-MLC could not be loaded');
  await expect(alert).toContainText('It must be the library built for this model and web-llm 0.2.86');
  await expect(
    alert.getByRole('button', { name: /^Use the CPU engine \(Phi-3 mini 4k instruct \(CPU, Q4 GGUF\), 2\.39 GB\)$/ }),
  ).toBeVisible();

  const texts = await app.page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
  expect(
    texts.some((t) => /^Downloading Tiny-MLC: [\d.]+ (kB|MB) of 2\.5 MB \(\d+%\) · file \d of 5/.test(t)),
    texts.join('\n'),
  ).toBe(true);
  expect(texts.some((t) => t.startsWith('Reading Tiny-MLC from this browser'))).toBe(true);

  // The config is in web-llm's own database, in web-llm's record format.
  const configUrl = app.models.url(`${base}resolve/main/mlc-chat-config.json`);
  const stored = await app.page.evaluate(
    (url) =>
      new Promise<{ url: string; tokenizerFiles: string[] } | null>((resolve, reject) => {
        const open = indexedDB.open('webllm/config', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('urls').objectStore('urls').get(url);
          get.onsuccess = () => {
            const record = get.result as { url: string; data: ArrayBuffer } | undefined;
            open.result.close();
            resolve(record ? { url: record.url, tokenizerFiles: JSON.parse(new TextDecoder().decode(record.data)).tokenizer_files } : null);
          };
        };
      }),
    configUrl,
  );
  expect(stored).toEqual({ url: configUrl, tokenizerFiles: ['tokenizer.json'] });
  // web-llm read the config and the library from IndexedDB: each crossed the network once, for our downloader.
  expect(app.models.requests.filter((p) => p.endsWith('mlc-chat-config.json'))).toHaveLength(1);
  expect(app.models.requests.filter((p) => p === lib)).toHaveLength(1);

  // The alternative really loads the CPU build (which cannot be reached here: tests never use the internet).
  await alert.getByRole('button', { name: /Use the CPU engine/ }).click();
  await expect(app.page.getByRole('alert')).toContainText('Could not reach huggingface.co');
  await expect(app.status).toHaveAttribute('data-model-id', 'phi-3-mini-4k-instruct-q4-gguf');
  // The one request that left this computer: the user's choice, to that model's host, for its weights (it resolves nowhere here).
  expect(offsiteRequests).toEqual([
    'GET https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf',
  ]);
  offsiteRequests.length = 0;
});

test('cancelling an MLC download keeps the whole files, and loading again fetches only the rest', async ({ app }) => {
  const { base, lib } = mirror('Tiny');
  await app.page.goto('/');
  // The tokenizer and the library are small and finish first; at three or four files a shard is whole too.
  // Cancel from the page itself the moment that shows, as a quick user would: a test runner's click may come too late.
  await app.page.evaluate(() => {
    const observer = new MutationObserver(() => {
      if (!/file [34] of 5/.test(document.querySelector('.status-line')?.textContent ?? '')) return;
      observer.disconnect();
      ([...document.querySelectorAll('.status-line button')].find((b) => b.textContent === 'Cancel') as HTMLButtonElement).click();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await app.loadByAddress(app.models.url(base), app.models.url(lib));
  await expect(app.status).toHaveAttribute('data-state', 'idle');
  await app.openPanel('Models');
  await expect(app.page.getByRole('list', { name: 'Stored models' }).getByRole('listitem').filter({ hasText: 'Tiny-MLC' })).toContainText(
    'incomplete',
  );
  await app.closePanel();

  // What is stored now, as paths on the model server.
  const stored: string[] = [];
  for (const name of ['webllm/model', 'webllm/wasm'])
    stored.push(...((await readStore(app.page, name, 'urls', { keys: true })) as string[]).map((k) => new URL(k).pathname));
  expect(
    stored.some((p) => p.includes('params_shard_')),
    `a shard was whole before the cancel: ${stored}`,
  ).toBe(true);
  const before = app.models.requests.length;

  // Sending loads the selected model again.
  await app.send('hi');
  await expect(app.status).toContainText('The model library for Tiny-MLC could not be loaded');
  const fetchedAgain = app.models.requests.slice(before);
  expect(fetchedAgain.filter((p) => stored.includes(p))).toEqual([]);
  expect(fetchedAgain.length).toBeGreaterThan(0);
});

test('a shard missing from web-llm’s cache is found, and Repair fetches only that shard', async ({ app }) => {
  const { page } = app;
  const { base, lib } = mirror('Tiny');
  await page.goto(`/?model=${encodeURIComponent(app.models.url(base))}&lib=${encodeURIComponent(app.models.url(lib))}`);
  // Everything is downloaded (then web-llm refuses the fixture's library, which is not WebAssembly).
  await expect(page.getByRole('alert')).toContainText('The model library for Tiny-MLC could not be loaded');
  const shard = app.models.url(`${base}resolve/main/params_shard_1.bin`);
  const deleted = await page.evaluate(
    (url) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('webllm/model', 1);
        open.onsuccess = () => {
          const tx = open.result.transaction('urls', 'readwrite');
          tx.objectStore('urls').delete(url);
          tx.oncomplete = () => {
            open.result.close();
            resolve(true);
          };
        };
      }),
    shard,
  );
  expect(deleted).toBe(true);

  await app.openPanel('Models');
  const entry = page.getByRole('list', { name: 'Stored models' }).getByRole('listitem').filter({ hasText: 'Tiny-MLC' });
  await expect(entry).toContainText('incomplete');
  const before = app.models.requests.length;
  await entry.getByRole('button', { name: /^Repair Tiny-MLC/ }).click();
  await expect(entry.getByRole('status')).toHaveText('Repaired: everything a load needs is stored.');
  await expect(entry).not.toContainText('incomplete');
  // Only the shard: the config and manifest are read from the cache to know what to check.
  expect(app.models.requests.slice(before)).toEqual([new URL(shard).pathname]);
});
