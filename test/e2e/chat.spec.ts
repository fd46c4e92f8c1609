/** Real llama.cpp inference on the tiny spelling model, through the built app in Chromium. */
import { promptTokenCount, SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

test('a reply streams the exact spelled text, then stops at the end-of-turn token', async ({ app }) => {
  await app.open();
  await app.ready();
  await app.recordReplyText();
  await app.send('hi');

  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  const reply = app.lastReply();
  await expect(reply).toHaveAttribute('data-state', 'done');
  await expect(reply).toHaveAttribute('data-finish-reason', 'stop');
  // llama.cpp counts every sampled token: 95 characters, one token each, plus <|end|>.
  await expect(reply).toHaveAttribute('data-completion-tokens', String(SPELLED_TEXT.length + 1));
  await expect(reply).toHaveAttribute('data-prompt-tokens', String(promptTokenCount([{ role: 'user', content: 'hi' }])));
  await expect(reply).toContainText(`${SPELLED_TEXT.length + 1} tokens`);

  const seen = await app.recordedReplyText();
  expect(seen.length, 'the reply reached the page in more than one update').toBeGreaterThan(1);
  for (const text of seen) expect(SPELLED_TEXT.startsWith(text), `"${text}" is a prefix of the reply`).toBe(true);
  expect(seen.at(-1)).toBe(SPELLED_TEXT);

  // The question stays in the conversation, labelled with its author.
  await expect(app.page.getByRole('article', { name: 'You' })).toHaveText(/hi/);
});

test('max tokens cuts the reply at exactly that many tokens; a stop sequence ends it before the sequence', async ({ app }) => {
  await app.open();
  await app.ready();
  await app.page.getByText('Generation settings').click();
  await app.page.getByRole('spinbutton', { name: 'Max tokens' }).fill('5');

  await app.send('first');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT.slice(0, 5));
  await expect(app.lastReply()).toHaveAttribute('data-finish-reason', 'length');
  await expect(app.lastReply()).toHaveAttribute('data-completion-tokens', '5');
  await expect(app.lastReply()).toHaveAccessibleName('Assistant (cut off at the max tokens limit)');

  await app.page.getByRole('spinbutton', { name: 'Max tokens' }).fill('1024');
  await app.page.getByRole('textbox', { name: 'Stop sequences (one per line)' }).fill('xyz');
  await app.send('second');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT.slice(0, SPELLED_TEXT.indexOf('xyz')));
  await expect(app.lastReply()).toHaveAttribute('data-finish-reason', 'stop');
});

test('Stop keeps a strict prefix of the reply, and the next message gets a complete one', async ({ app }) => {
  await app.open();
  await app.ready();
  // Press Stop the moment the first text of the reply is on screen, as a quick user would.
  await app.page.evaluate(() => {
    const log = document.querySelector('[role=log]') as Element;
    const observer = new MutationObserver(() => {
      const text = [...log.querySelectorAll('article.assistant .content')].at(-1)?.textContent ?? '';
      if (!text) return;
      observer.disconnect();
      (window as unknown as { shownAtStop: number }).shownAtStop = text.length;
      const stop = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Stop') as HTMLButtonElement;
      stop.click();
    });
    observer.observe(log, { subtree: true, childList: true, characterData: true });
  });
  await app.send('hi');

  const stopped = await app.finishedReply();
  await expect(app.lastReply()).toHaveAttribute('data-state', 'stopped');
  await expect(app.lastReply()).toHaveAttribute('data-finish-reason', 'abort');
  await expect(app.lastReply()).toHaveAccessibleName('Assistant (stopped)');
  expect(stopped.length).toBeGreaterThan(0);
  expect(stopped.length).toBeLessThan(SPELLED_TEXT.length);
  expect(SPELLED_TEXT.startsWith(stopped)).toBe(true);
  // What was on screen at the click, plus what was already in flight: one animation frame of tokens, not the rest of the reply.
  const shownAtStop = await app.page.evaluate(() => (window as unknown as { shownAtStop: number }).shownAtStop);
  expect(stopped.length - shownAtStop).toBeLessThanOrEqual(8);
  await expect(app.stopButton).toBeDisabled();

  await app.send('again');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.lastReply()).toHaveAttribute('data-finish-reason', 'stop');
});
