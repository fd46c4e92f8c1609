/**
 * Where the API key goes: with a dummy key, every request, console line, stored record, export and
 * the built files are searched. It may appear only in `Authorization` to the endpoint it was saved for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page, Request } from '@playwright/test';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';
import { expect, test, testKey } from './fixtures.ts';

const KEY = testKey('inpage-containment');

async function saved(download: Promise<Download>): Promise<string> {
  return readFileSync(await (await download).path(), 'utf8');
}

/** Every IndexedDB database of the page as text, by name (Blobs as their size: model bytes are not text). */
function dumpIndexedDb(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const out: Record<string, string> = {};
    for (const info of await indexedDB.databases()) {
      const name = info.name as string;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const parts: string[] = [];
      for (const store of db.objectStoreNames) {
        const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
          const tx = db.transaction(store);
          const k = tx.objectStore(store).getAllKeys();
          const v = tx.objectStore(store).getAll();
          tx.oncomplete = () => resolve([k.result, v.result]);
          tx.onerror = () => reject(tx.error);
        });
        parts.push(
          JSON.stringify({ store, keys: keys.map(String), values }, (_k, value) =>
            value instanceof Blob ? `[blob ${value.size}]` : value instanceof ArrayBuffer ? `[bytes ${value.byteLength}]` : value,
          ),
        );
      }
      db.close();
      out[name] = parts.join('\n');
    }
    return out;
  });
}

/** What the page keeps outside IndexedDB: storage, cookies, the address, the DOM and every field's value. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify({
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
      cookie: document.cookie,
      href: location.href,
      html: document.documentElement.outerHTML,
      fields: [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value),
    }),
  );
}

test('the key goes only in Authorization to its endpoint: not in requests, console, storage, exports or the page', async ({
  app,
  cloud,
  context,
}) => {
  const { page } = app;
  cloud.expectedKey = KEY;
  const seen: Promise<{ url: string; headers: Record<string, string>; body: string }>[] = [];
  context.on('request', (r: Request) => seen.push(r.allHeaders().then((headers) => ({ url: r.url(), headers, body: r.postData() ?? '' }))));
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));

  await app.open();
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  await expect(page.getByLabel('API key')).toHaveValue(''); // the field forgets what was typed once it is saved
  await app.route('cloud');
  await app.send('hello');
  await app.consent().getByRole('button', { name: 'Send to the cloud' }).click();
  expect(await app.finishedReply()).toBe('You said: hello');
  cloud.faults = ['unauthorized'];
  await app.send('and now a rejected key');
  await expect(app.lastReply().getByRole('alert')).toContainText('rejected the API key (401)');
  cloud.faults = ['malformed'];
  await app.send('and a broken stream');
  await expect(app.lastReply().getByRole('alert')).toContainText('not valid');

  const nav = page.getByRole('navigation', { name: 'Conversations' });
  const json = await saved(
    Promise.all([page.waitForEvent('download'), nav.getByRole('button', { name: 'Export all (JSON)' }).click()]).then(([d]) => d),
  );
  const markdown = await saved(
    Promise.all([page.waitForEvent('download'), nav.getByRole('button', { name: 'Export all (Markdown)' }).click()]).then(([d]) => d),
  );
  expect(json).toContain('You said: hello'); // the exports are real, and hold the cloud replies…
  expect(json).not.toContain(KEY); // …but never the key
  expect(markdown).toContain('cloud: 127.0.0.1');
  expect(markdown).not.toContain(KEY);

  const databases = await dumpIndexedDb(page);
  expect(Object.keys(databases)).toEqual(expect.arrayContaining(['inpage-chats', 'inpage-keys']));
  for (const [name, dump] of Object.entries(databases)) {
    expect(dump.includes(KEY), `the key in IndexedDB "${name}"`).toBe(name === 'inpage-keys');
  }
  expect(await pageText(page)).not.toContain(KEY);
  expect(consoleLines.join('\n')).not.toContain(KEY);

  const requests = await Promise.all(seen);
  const carrying = requests.filter((r) => JSON.stringify(r).includes(KEY));
  expect(carrying.length, 'the key was used (otherwise this test proves nothing)').toBe(3);
  for (const r of carrying) {
    expect(r.url.startsWith(`${cloud.baseURL}/`), r.url).toBe(true);
    expect(r.url).not.toContain(KEY);
    expect(r.body).not.toContain(KEY);
    const withKey = Object.entries(r.headers).filter(([, value]) => value.includes(KEY));
    expect(withKey).toEqual([['authorization', `Bearer ${KEY}`]]);
  }
  // The server saw the same: the key in Authorization and nowhere else; preflights carry no key.
  for (const r of cloud.requests) {
    const { authorization, ...rest } = r.headers;
    expect(JSON.stringify([r.path, r.body, rest])).not.toContain(KEY);
    expect(authorization).toBe(r.method === 'POST' ? `Bearer ${KEY}` : undefined);
  }
});

test('a new endpoint drops the key: the other server never gets it, and "Forget key" clears every tab', async ({ app, cloud, context }) => {
  const { page } = app;
  const other: OpenAIServer = await startOpenAIServer();
  try {
    await app.open();
    await app.setUpCloud(cloud.baseURL, { key: KEY });
    const second = await context.newPage();
    await second.goto('/');
    await second.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(second.getByText(`A key is saved for ${new URL(cloud.baseURL).host}.`)).toBeVisible();

    // Back to the first tab, as a person would switch to it (a tab in the background gets no animation frames).
    await page.bringToFront();
    await app.setUpCloud(other.baseURL);
    await app.openPanel('Settings');
    await expect(page.getByRole('dialog', { name: 'Settings' }).getByText('No key is saved.')).toBeVisible();
    await app.closePanel();
    expect((await dumpIndexedDb(page))['inpage-keys']).not.toContain(KEY);
    // The other tab hears of it at once.
    await expect(second.getByText('No key is saved.')).toBeVisible();

    // Sending to the new endpoint asks for a key again; without one, no Authorization is sent at all.
    await app.route('cloud');
    await app.send('to the other server');
    await expect(app.consent().getByRole('textbox', { name: `API key for ${new URL(other.baseURL).host}` })).toBeVisible();
    await app.consent().getByRole('button', { name: 'Send to the cloud' }).click();
    expect(await app.finishedReply()).toBe('You said: to the other server');
    const post = other.requests.find((r) => r.method === 'POST');
    expect(post?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(other.requests)).not.toContain(KEY);
    expect(cloud.requests).toEqual([]);

    // Forget key, from the settings of one tab, forgets it in the other too.
    await app.setUpCloud(other.baseURL, { key: KEY });
    await expect(second.getByText(`A key is saved for ${new URL(other.baseURL).host}.`)).toBeVisible();
    await app.openPanel('Settings');
    await page.getByRole('button', { name: 'Forget key' }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' }).getByText('No key is saved.')).toBeVisible();
    await expect(second.getByText('No key is saved.')).toBeVisible();
    expect((await dumpIndexedDb(page))['inpage-keys']).not.toContain(KEY);
  } finally {
    await other.close();
  }
});

test('a key forgotten by another page of the site (a widget) is forgotten in the open app too', async ({ app, cloud, context }) => {
  const { page } = app;
  await app.open();
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  await app.openPanel('Settings');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByText(`A key is saved for ${new URL(cloud.baseURL).host}.`)).toBeVisible();

  // What the widget's "Forget it" does, from a page that is not the app: clear the shared store, then say so.
  const other = await context.newPage();
  await other.goto('/manifest.webmanifest');
  await other.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('inpage-keys');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').clear();
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    new BroadcastChannel('inpage-keys').postMessage('changed');
  });
  await expect(settings.getByText('No key is saved.')).toBeVisible();
});

test('the built app holds no key and no build-time secret', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('dist');
  expect(files.some((f) => f.endsWith('.js'))).toBe(true);
  for (const file of files) {
    const content = readFileSync(file, 'latin1');
    expect(content.match(/sk-(?:proj-)?[A-Za-z0-9_-]{20,}/g), file).toBeNull();
    expect(content.match(/VITE_[A-Z_]+/g), file).toBeNull();
  }
});
