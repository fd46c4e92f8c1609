/**
 * Storage that goes away or runs short: a model that cannot fit is refused before a byte is fetched,
 * and storage cleared between or during sessions is noticed and recovered from.
 */
import type { Page, Request } from '@playwright/test';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

/** What the browser does when it evicts this site's storage, through the DevTools protocol. */
async function clearSiteData(page: Page, storageTypes: 'indexeddb' | 'all'): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes });
}

test('a model larger than the free space is refused before any byte is fetched, saying what can be freed', async ({ app, context }) => {
  const { page } = app;
  const remote: string[] = [];
  context.on('request', (r: Request) => {
    if (/^https?:/.test(r.url()) && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(r.url())) remote.push(r.url());
  });
  // Chromium's DevTools quota override is honoured by writes but not by navigator.storage.estimate() (checked
  // with Chromium 150), so the page is told directly that 1 GB is free, as a nearly full disk would say.
  await page.addInitScript(() => {
    Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ usage: 1_000_000_000, quota: 2_000_000_000 }) });
  });
  await app.open(); // the tiny model is stored first, so there is something to offer to delete
  await app.ready();
  await app.openPanel('Models');
  await page.getByRole('button', { name: 'Load Phi-3 mini 4k instruct (CPU, Q4 GGUF)', exact: true }).click();
  await app.closePanel();
  await expect(page.getByRole('alert')).toContainText(
    'Phi-3 mini 4k instruct (CPU, Q4 GGUF) needs 2.39 GB, but this browser lets InPage store only 1.00 GB more, so nothing was downloaded. Other models stored here take 4.',
  );
  await expect(page.getByRole('alert')).toContainText('delete the ones you no longer need (Models)');
  expect(remote, 'nothing was fetched for the refused model').toEqual([]);
});

test('storage cleared between visits: the app says the model went, downloads it again, and answers', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await app.answersExactly();
  await clearSiteData(page, 'indexeddb');

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'The browser cleared tiny.gguf' })).toContainText(
    "from this site's storage, probably to free space. It downloads again when you use it.",
  );
  await app.ready();
  await expect(app.status).toContainText('downloaded and saved in this browser');
  await app.answersExactly();
  expect(app.models.requests.filter((p) => p === '/tiny.gguf')).toHaveLength(2);
});

test('everything cleared between visits (local storage too): the app starts as on a first visit', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await clearSiteData(page, 'all');
  await page.reload();
  await app.ready();
  await app.answersExactly();
});

test('storage cleared during a session: the next message recovers, reloading the model from the network', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await app.answersExactly();
  await clearSiteData(page, 'indexeddb');
  // The loaded model reads its weights from storage that is gone: this reply may fail, but it must say so.
  await app.send('after the clear');
  const first = app.lastReply();
  await expect(first).not.toHaveAttribute('data-state', 'streaming');
  if ((await first.getAttribute('data-state')) === 'error') {
    await expect(first.getByRole('alert')).not.toBeEmpty();
    await app.answersExactly();
  } else {
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  }
  // And the conversation is saved again in the new, empty database.
  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem').first().getByRole('button').first().click();
  await expect(page.getByRole('article', { name: 'You' }).nth(1)).toHaveAttribute('data-source', 'after the clear');
});
