/** The runtime worker dies mid-reply: the page must say so quickly and recover, never hang. */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

test('a worker terminated mid-reply shows an error within 2 s; the next message restarts it from stored weights', async ({ app }) => {
  await app.open();
  await app.ready();
  const downloads = () => app.models.requests.filter((path) => path === '/tiny.gguf').length;
  expect(downloads()).toBe(1);

  await app.send('hi');
  const reply = app.lastReply();
  await expect(reply.locator('.content')).not.toBeEmpty();
  const worker = app.page.workers().find((w) => w.url().includes('runtime-worker'));
  expect(worker, 'the runtime worker is running').toBeDefined();
  // self.close() ends the worker without any event on the page, the hardest death to notice.
  const closing = worker?.evaluate(() => self.close()).catch(() => {});
  const killedAt = Date.now();

  await expect(reply).toHaveAttribute('data-state', 'error', { timeout: 2000 });
  expect(Date.now() - killedAt).toBeLessThan(2000);
  await closing;
  await expect(reply.getByRole('alert')).toContainText('The model engine stopped');
  await expect(reply).toHaveAccessibleName('Assistant (incomplete)');
  const partial = (await reply.getAttribute('data-source')) ?? '';
  expect(partial.length).toBeLessThan(SPELLED_TEXT.length);
  expect(SPELLED_TEXT.startsWith(partial)).toBe(true);
  await expect(app.input).toBeEditable();
  await expect(app.stopButton).toBeDisabled();

  await app.send('are you back?');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.status).toContainText("loaded from this browser's storage");
  expect(downloads(), 'the weights came from IndexedDB, not the network').toBe(1);
});
