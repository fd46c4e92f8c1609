/** What the status line shows while a model downloads, and cancelling a download. */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

test('the status line shows bytes and percent while downloading, then the model it runs', async ({ app }) => {
  await app.open('/slow.gguf');
  await expect(app.status).toHaveText(/Downloading slow\.gguf: [\d.]+ (kB|MB) of 4\.\d MB \(\d{1,2}%\)/);
  const progress = app.page.getByRole('progressbar', { name: 'Model load progress' });
  await expect(progress).toHaveAttribute('value', /^\d+$/);
  await app.ready();
  await expect(app.status).toContainText('slow.gguf · llama.cpp · CPU');
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
});

test('Cancel stops a download, keeps nothing, and the next load starts over', async ({ app }) => {
  await app.open('/slow.gguf');
  await expect(app.status).toContainText('Downloading slow.gguf');
  await app.page.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.status).toHaveAttribute('data-state', 'idle');
  await expect(app.status).toHaveText(/slow\.gguf loads when you send a message, or press Load/);
  await expect.poll(() => app.storedRecords()).toBe(0);

  // Sending a message loads the selected model again, from the start.
  await app.send('hi');
  await app.finishedReply();
  expect(app.models.requests.filter((path) => path === '/slow.gguf')).toHaveLength(2);
});

test('loading another model mid-download cancels the first; only one llama.cpp instance is left', async ({ app }) => {
  await app.open('/slow.gguf');
  await expect(app.status).toContainText('Downloading slow.gguf');
  await app.loadByAddress(app.models.url('/tiny.gguf'));
  await app.ready();
  await expect(app.status).toContainText('tiny.gguf · llama.cpp');
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  // wllama runs llama.cpp in a worker of its own, started from a blob: URL.
  expect(app.page.workers().filter((w) => w.url().startsWith('blob:'))).toHaveLength(1);
  await expect.poll(() => app.storedRecords()).toBe(2); // tiny.gguf's entry and its one chunk; nothing of slow.gguf
});
