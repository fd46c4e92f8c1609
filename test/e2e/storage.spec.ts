/** The model store in IndexedDB: weights survive a reload, and a database in a bad state is repaired, not trusted. */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

test('a reload loads the model from this browser instead of downloading it again', async ({ app }) => {
  await app.open();
  await app.ready();
  await expect(app.status).toContainText('downloaded and saved in this browser');
  await app.page.reload();
  await app.ready();
  await expect(app.status).toContainText("loaded from this browser's storage");
  expect(app.models.requests.filter((path) => path === '/tiny.gguf')).toHaveLength(1);
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
});

test('a database left without the model stores (an old version, a stray open) is upgraded and used', async ({ app }) => {
  await app.page.goto('/');
  await app.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('inpage-models');
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await app.open();
  await app.ready();
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
});
