/** The models panel's storage side: download without loading, what is stored, persistence, and refusing what cannot fit. */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

test('download a model without loading it, then it loads from this browser and the panel says what is stored', async ({ app }) => {
  const { page } = app;
  await page.goto('/');
  await app.openPanel('Models');
  const dialog = page.getByRole('dialog', { name: 'Models' });
  await dialog.getByRole('textbox', { name: 'Model URL' }).fill(app.models.url('/slow.gguf'));
  await dialog.getByRole('button', { name: 'Download', exact: true }).click();
  // Progress in the panel: bytes, percent, speed once a second has passed.
  await expect(dialog.getByRole('status').filter({ hasText: 'Downloading slow.gguf' })).toContainText(/of 4\.\d MB \(\d+%\)/);
  await expect(dialog.getByRole('status').filter({ hasText: 'slow.gguf is downloaded' })).toHaveText(
    'slow.gguf is downloaded and ready to use offline.',
  );
  await expect(app.status).toHaveAttribute('data-state', 'idle'); // downloaded, not loaded
  await expect(dialog.getByRole('list', { name: 'Stored models' })).toContainText('slow.gguf');
  await expect(dialog.getByRole('list', { name: 'Stored models' })).not.toContainText('incomplete');
  await expect(dialog.getByText(/^InPage uses [\d.]+ (kB|MB) of the [\d.]+ (MB|GB) this browser allows it\.$/)).toBeVisible();
  // Persistent storage was asked for after the download; the answer is shown either way.
  await expect(dialog.getByText(/^(Stored models are kept|The browser may clear stored models)/)).toBeVisible();

  await dialog.getByRole('textbox', { name: 'Model URL' }).fill(app.models.url('/slow.gguf'));
  await dialog.getByRole('button', { name: 'Load', exact: true }).click();
  await app.closePanel();
  await app.ready();
  await expect(app.status).toContainText("loaded from this browser's storage");
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  expect(app.models.requests.filter((p) => p === '/slow.gguf')).toHaveLength(1);
});

// The refusal before a download (navigator.storage.estimate() against the size) is unit-tested: Chromium's
// estimate() does not reflect DevTools quota overrides (checked: it kept reporting gigabytes), but writes do.
test('a store the browser refuses mid-download stops cleanly, keeps nothing, and says so', async ({ app }) => {
  const { page } = app;
  await page.goto('/');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 4_000_000 });
  await app.open('/tiny.gguf');
  await expect(app.status).toHaveAttribute('data-state', 'error');
  await expect(page.getByRole('alert')).toContainText('This browser ran out of room for the model, so nothing of it was kept.');
  expect(await app.storedRecords()).toBe(0);
  // With room again, the same model loads.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
});
