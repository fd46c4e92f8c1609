/** The runtime worker dies mid-reply: the page must say so quickly and recover, never hang. */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

test('a worker terminated mid-reply shows an error within 2 s; the next message restarts it from stored weights', async ({ app }) => {
  // The looping model writes until max_tokens (1024 by default): the reply is still streaming when the worker dies.
  await app.open('/loop.gguf');
  await app.ready();
  const downloads = () => app.models.requests.filter((path) => path === '/loop.gguf').length;
  expect(downloads()).toBe(1);

  await app.send('hi');
  const reply = app.lastReply();
  await expect(reply.locator('.content')).not.toBeEmpty();
  await expect(reply).toHaveAttribute('data-state', 'streaming');
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
  expect(partial.length).toBeGreaterThan(0);
  expect(partial.length).toBeLessThan(1024);
  expect(SPELLED_TEXT.repeat(11).startsWith(partial)).toBe(true);
  await expect(app.input).toBeEditable();
  await expect(app.stopButton).toBeDisabled();

  await app.settings({ maxTokens: 120 });
  await app.send('are you back?');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT.repeat(2).slice(0, 120));
  await expect(app.lastReply()).toHaveAttribute('data-state', 'length');
  await expect(app.status).toContainText("loaded from this browser's storage");
  expect(downloads(), 'the weights came from IndexedDB, not the network').toBe(1);
});
