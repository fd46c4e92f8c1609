/** Conversations in IndexedDB: they survive a reload, can be edited, regenerated, deleted, exported and imported back. */
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { type App, expect, test } from './fixtures.ts';

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });

async function saved(download: Promise<Download>): Promise<string> {
  const file = await (await download).path();
  return readFileSync(file, 'utf8');
}

/** The export file without its timestamp, for comparing two exports. */
const content = (json: string) => ({ ...JSON.parse(json), exportedAt: undefined });

async function chat(app: App, text: string) {
  await app.send(text);
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
}

test('a conversation is saved as it happens and is still there after a reload', async ({ app }) => {
  await app.open();
  await app.ready();
  await chat(app, 'first question');
  await chat(app, 'second question');
  await expect(sidebar(app.page).getByRole('button', { name: /first question/ })).toBeVisible();

  await app.page.reload();
  await sidebar(app.page)
    .getByRole('button', { name: /first question/ })
    .click();
  await expect(app.page.getByRole('article', { name: 'You' })).toHaveText([/first question/, /second question/]);
  await expect(app.replies()).toHaveCount(2);
  await expect(app.lastReply()).toHaveAttribute('data-source', SPELLED_TEXT);
  await expect(app.lastReply()).toContainText('tiny.gguf · llama.cpp · 96 tokens');

  // A new chat starts empty; the old one stays listed.
  await sidebar(app.page).getByRole('button', { name: 'New chat' }).click();
  await expect(app.page.getByRole('article')).toHaveCount(0);
  await chat(app, 'another topic');
  await expect(sidebar(app.page).getByRole('listitem')).toHaveCount(2);
});

test('edit and resend, regenerate and delete change the conversation and what is stored', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await chat(app, 'question one');
  await chat(app, 'question two');

  // Edit the first question: what came after it is replaced by a new answer.
  const first = page.getByRole('article', { name: 'You' }).first();
  await first.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit your message' }).fill('question one, edited');
  await page.getByRole('button', { name: 'Save and send' }).click();
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(page.getByRole('article', { name: 'You' })).toHaveText([/question one, edited/]);
  await expect(app.replies()).toHaveCount(1);

  // Regenerate replaces the reply; delete removes a message.
  const before = await app.lastReply().getAttribute('data-state');
  await app.lastReply().getByRole('button', { name: 'Regenerate' }).click();
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  expect(before).toBe('done');
  await expect(app.replies()).toHaveCount(1);
  await app.lastReply().getByRole('button', { name: 'Delete' }).click();
  await expect(app.replies()).toHaveCount(0);

  await page.reload();
  // The title is the first question as first asked; editing the question does not rename the conversation.
  await sidebar(page)
    .getByRole('button', { name: /question one/ })
    .click();
  await expect(page.getByRole('article', { name: 'You' })).toHaveText([/question one, edited/]);
  await expect(app.replies()).toHaveCount(0);
});

test('export to JSON, delete, import the file back: the same data; bad files change nothing', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await chat(app, 'Привіт, світ'); // Ukrainian text must survive the round trip
  await sidebar(page).getByRole('button', { name: 'New chat' }).click();
  await chat(app, 'second conversation');
  await page.getByRole('button', { name: /^Rename "/ }).click();
  await page.getByRole('textbox', { name: /Rename/ }).fill('Renamed: résumé ✓');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Renamed: résumé ✓' })).toBeVisible();

  const exported = await saved(
    Promise.all([page.waitForEvent('download'), sidebar(page).getByRole('button', { name: 'Export all (JSON)' }).click()]).then(([d]) => d),
  );
  const file = JSON.parse(exported);
  expect(file.format).toBe('inpage-conversations');
  expect(file.conversations).toHaveLength(2);
  expect(file.conversations.map((c: { title: string }) => c.title).sort()).toEqual(['Renamed: résumé ✓', 'Привіт, світ']);

  // Delete both (confirming), then import the export.
  page.on('dialog', (d) => void d.accept());
  for (let i = 0; i < 2; i++) {
    await sidebar(page).getByRole('listitem').first().getByRole('button').click();
    await page.getByRole('button', { name: /^Delete "/ }).click();
  }
  await expect(sidebar(page).getByText('No saved conversations yet.')).toBeVisible();

  const importInput = sidebar(page).getByLabel('Import JSON…');
  await importInput.setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(sidebar(page).getByRole('status')).toHaveText('Imported 2 conversations.');
  const again = await saved(
    Promise.all([page.waitForEvent('download'), sidebar(page).getByRole('button', { name: 'Export all (JSON)' }).click()]).then(([d]) => d),
  );
  expect(content(again)).toEqual(content(exported));

  // Importing the same file again adds nothing.
  await importInput.setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(sidebar(page).getByRole('status')).toHaveText('Nothing new to import: those conversations are already here.');

  // Malformed or hostile files are refused whole, with a reason; nothing is added.
  const hostile = JSON.stringify({
    ...file,
    conversations: [
      { ...file.conversations[0], id: 'new-one' },
      { ...file.conversations[1], id: 'evil', messages: [{ role: 'admin', content: '<script>alert(1)</script>' }] },
    ],
  });
  for (const [name, body, reason] of [
    ['notes.json', 'not json at all', 'the file is not JSON'],
    ['other.json', '{"hello": "world"}', 'the file is not an InPage export'],
    ['evil.json', hostile, 'conversations[1].messages[0].id: expected text'],
  ] as const) {
    await importInput.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await expect(sidebar(page).getByRole('alert')).toContainText(`That file was not imported: ${reason}`);
    await expect(sidebar(page).getByRole('listitem')).toHaveCount(2);
  }

  // Search finds conversations by their text.
  await sidebar(page).getByRole('searchbox', { name: 'Search conversations' }).fill('світ');
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(1);
  await expect(sidebar(page).getByRole('listitem')).toContainText('Привіт, світ');

  // Markdown export of the open conversation.
  await sidebar(page).getByRole('listitem').getByRole('button').click();
  const markdown = await saved(
    Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Export Markdown:/ }).click()]).then(([d]) => d),
  );
  expect(markdown).toContain('# Привіт, світ');
  expect(markdown).toContain('**You:**\n\nПривіт, світ');
  expect(markdown).toContain(`**Assistant (tiny.gguf, llama.cpp):**\n\n${SPELLED_TEXT}`);
});

test('a save the browser refuses is shown, the text stays, and trying again saves it', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  // Chromium's quota override does not reach a page's own IndexedDB writes reliably, so the refusal is
  // injected where the browser raises it: a write to the conversations store fails as a full disk does.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    const w = window as unknown as { __restorePut: () => void };
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'conversations') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    w.__restorePut = () => {
      IDBObjectStore.prototype.put = put;
    };
  });
  await chat(app, 'a question worth keeping');
  const problem = page.getByRole('alert').filter({ hasText: 'Could not save this conversation' });
  await expect(problem).toBeVisible();
  await expect(problem).toContainText(/storage is full/i);
  await expect(page.getByRole('article', { name: 'You' })).toContainText('a question worth keeping');
  await expect(page.getByRole('article', { name: 'Assistant' })).toContainText(
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789',
  );

  await page.evaluate(() => (window as unknown as { __restorePut: () => void }).__restorePut());
  await page.getByRole('button', { name: 'Try saving again' }).click();
  await expect(page.getByText('Could not save this conversation')).toHaveCount(0);
  await page.reload();
  await sidebar(page)
    .getByRole('button', { name: /a question worth keeping/ })
    .click();
  await expect(page.getByRole('article', { name: 'Assistant' })).toContainText(
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789',
  );
});

test('the database deleted under the open app (as a dropped connection) is opened again, and saving still works', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await chat(app, 'before');
  // The app closes its connection when asked (versionchange), so the delete is not blocked.
  const deleted = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const request = indexedDB.deleteDatabase('inpage-chats');
        request.onsuccess = () => resolve('deleted');
        request.onblocked = () => resolve('blocked');
        request.onerror = () => resolve('error');
      }),
  );
  expect(deleted).toBe('deleted');
  await chat(app, 'after');
  await page.reload();
  await sidebar(page)
    .getByRole('button', { name: /before/ })
    .click();
  await expect(page.getByRole('article', { name: 'You' })).toHaveText([/before/, /after/]);
});
