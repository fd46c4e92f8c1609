/**
 * Two tabs, one model: only one downloads and runs it; the other shows that tab's progress, takes
 * over when the first closes (or when asked), and the server sees the file fetched once.
 */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { App, expect, test } from './fixtures.ts';

test('the second tab waits with the first one’s progress, and takes the model over when the first closes', async ({ app, context }) => {
  const first = app;
  await first.open('/slow.gguf');
  await expect(first.status).toContainText('Downloading slow.gguf');

  const second = new App(await context.newPage(), app.models);
  await second.open('/slow.gguf');
  await expect(second.status).toHaveAttribute('data-state', 'other-tab');
  await expect(second.status).toContainText('slow.gguf is in use in another InPage tab');
  await expect(second.status).toContainText(/There: [\d.]+ MB of 4\.\d MB \(\d+%\)/);

  await first.ready();
  await expect(second.status).toHaveAttribute('data-state', 'other-tab'); // the first tab still runs it
  await first.page.close();
  await second.ready();
  await expect(second.status).toContainText("loaded from this browser's storage");
  await second.send('hi');
  expect(await second.finishedReply()).toBe(SPELLED_TEXT);
  expect(
    app.models.requests.filter((p) => p === '/slow.gguf'),
    'fetched once, by the first tab',
  ).toHaveLength(1);
});

test('"Use it here" takes the model from the other tab, which says so and can take it back', async ({ app, context }) => {
  const first = app;
  await first.open();
  await first.ready();
  const second = new App(await context.newPage(), app.models);
  await second.open();
  await expect(second.status).toHaveAttribute('data-state', 'other-tab');

  await second.page.getByRole('button', { name: 'Use it here' }).click();
  await second.ready();
  await expect(first.status).toHaveAttribute('data-state', 'elsewhere');
  await expect(first.status).toContainText('tiny.gguf is now in use in another InPage tab.');
  await second.send('hi');
  expect(await second.finishedReply()).toBe(SPELLED_TEXT);

  await first.page.bringToFront(); // as a person switches back to it: a tab in the background gets no animation frames
  await first.page.getByRole('button', { name: 'Use it here' }).click();
  await first.ready();
  await expect(second.status).toHaveAttribute('data-state', 'elsewhere');
  await first.send('hi');
  expect(await first.finishedReply()).toBe(SPELLED_TEXT);
  expect(app.models.requests.filter((p) => p === '/tiny.gguf')).toHaveLength(1);
});

test('a storage upgrade in another tab is never blocked by this one, which offers a reload', async ({ app, context }) => {
  await app.open();
  await app.ready();
  await app.send('hi'); // the conversations database is open in this tab
  await app.finishedReply();
  const other = await context.newPage();
  await other.goto('/manifest.webmanifest'); // same origin, none of the app's code
  const upgraded = await other.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const probe = indexedDB.open('inpage-chats');
        probe.onsuccess = () => {
          const version = probe.result.version;
          probe.result.close();
          const open = indexedDB.open('inpage-chats', version + 1);
          open.onupgradeneeded = () => open.result.createObjectStore('from-a-newer-version');
          open.onblocked = () => resolve('blocked');
          open.onsuccess = () => resolve('upgraded');
          open.onerror = () => resolve(`error ${open.error?.name}`);
        };
      }),
  );
  expect(upgraded).toBe('upgraded');
  await expect(app.page.getByRole('alert')).toContainText('InPage was updated in another tab, which changed how it stores data.');
  await app.page.bringToFront();
  await app.page.getByRole('button', { name: 'Reload the page' }).click();
  await app.ready();
  await app.send('still works');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
});
