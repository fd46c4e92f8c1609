/**
 * Model output is untrusted. A model that writes hostile HTML and Markdown (real inference, see
 * xss-model.ts) goes through the real rendering pipeline: nothing may run, load or leak, live and
 * after the conversation is read back from IndexedDB.
 */
import type { Page } from '@playwright/test';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { XSS_TEXT } from '../fixtures/xss-model.ts';
import { expect, test } from './fixtures.ts';

async function expectInert(page: Page) {
  const reply = page.locator('article.assistant').last();
  const findings = await reply.evaluate((root) => ({
    flag: (window as unknown as { __xss?: number }).__xss ?? null,
    dangerous: [...root.querySelectorAll('script, iframe, svg, img, object, embed, style, form')].map((e) => e.tagName),
    handlers: [...root.querySelectorAll('*')].flatMap((e) =>
      [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`),
    ),
    links: [...root.querySelectorAll('a')].map((a) => ({
      href: a.getAttribute('href'),
      target: a.getAttribute('target'),
      rel: a.getAttribute('rel'),
    })),
  }));
  expect(findings.flag, 'no injected script ran').toBeNull();
  expect(findings.dangerous).toEqual([]);
  expect(findings.handlers).toEqual([]);
  for (const link of findings.links) {
    expect(link.href).toMatch(/^(https?:|mailto:)/);
    expect(link).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
  }
  // The one safe link survives; the hostile ones are left as text.
  expect(findings.links.map((l) => l.href)).toEqual(['https://example.org/docs']);
  await expect(reply.locator('.image-placeholder')).toHaveText('[Image not loaded: the secret — https://attacker.example/leak?q=secret]');
  await expect(reply).toContainText('<img src=x onerror="window.__xss=1;alert(1)">');
  await expect(reply).toContainText('<script>window.__xss=8;alert(8)</script>');
}

test('hostile model output renders inert: no script, dialog, handler, image or request to another host', async ({ app }) => {
  const { page } = app;
  const foreign: string[] = [];
  page.context().on('request', (r) => {
    // blob: and data: URLs (wllama's worker) never leave the page; only network requests count.
    const url = new URL(r.url());
    if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') foreign.push(r.url());
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const popups: string[] = [];
  page.context().on('page', (p) => popups.push(p.url()));

  await app.open('/xss.gguf');
  await app.ready();
  await app.send('render this');
  expect(await app.finishedReply()).toBe(XSS_TEXT);
  await expectInert(page);

  // What Markdown should render does: bold, a table, a labelled code block with a copy button, highlighted lazily.
  const reply = app.lastReply();
  await expect(reply.locator('strong')).toHaveText('bold');
  await expect(reply.locator('table td')).toHaveText(['1', '2']);
  await expect(reply.locator('.code-lang')).toHaveText('js');
  await expect(reply.getByRole('button', { name: 'Copy code' })).toBeVisible();
  await expect(reply.locator('code.hljs')).toContainText('const x = "<b>not bold</b>";');
  await expect(reply.locator('code b')).toHaveCount(0);

  // The same conversation, read back from IndexedDB after a reload.
  await page.reload();
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /render this/ })
    .click();
  await expect(app.lastReply()).toHaveAttribute('data-source', XSS_TEXT);
  await expectInert(page);

  expect(dialogs).toEqual([]);
  expect(popups).toEqual([]);
  expect(foreign, 'no request left loopback').toEqual([]);
});

test('a reply shown as plain text before the Markdown renderer arrives is rendered once when it does, not twice', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  // As Markdown shows it (a backslash escapes the bracket after it).
  const rendered = (await app.lastReply().locator('.content').textContent()) ?? '';
  expect(rendered.trim()).toBe(SPELLED_TEXT.replace('\\]', ']'));
  // On a slow device the renderer's chunk comes after the conversation is read back: hold it until then.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/render-*.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /hi/ }).click();
  const content = app.lastReply().locator('.content');
  await expect(content).toHaveText(SPELLED_TEXT);
  expect(await content.evaluate((el) => el.querySelector('.md-block'))).toBeNull();
  release();
  await expect(content.locator('.md-block')).toHaveCount(1);
  await expect(content).toHaveText(rendered);
});
