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
  // Which model and engine answered, and how fast, under the reply.
  await expect(reply.locator('.meta')).toHaveText(
    /^tiny\.gguf · llama\.cpp · 96 tokens · 0 of 9 prompt tokens reused · prefill \d+ ms \([\d.]+ tokens\/s\) · [\d.]+ tokens\/s · first token after \d+ ms$/,
  );

  // On screen it is Markdown, where "\]" is an escaped "]".
  const shown = SPELLED_TEXT.replace('\\]', ']');
  const seen = await app.recordedReplyText();
  expect(seen.length, 'the reply reached the page in more than one update').toBeGreaterThan(1);
  // Each update renders a prefix of the reply; before its "]" arrives, "[\\" still shows its backslash.
  for (const text of seen) expect(shown.startsWith(text) || SPELLED_TEXT.startsWith(text), `"${text}" is a prefix of the reply`).toBe(true);
  expect(seen.at(-1)).toBe(shown);

  // The question stays in the conversation, labelled with its author.
  await expect(app.page.getByRole('article', { name: 'You' })).toHaveText(/hi/);
});

test('a conversation longer than the context window is cut from the oldest turn, and the reply says so', async ({ app }) => {
  // Three prompts of 1,500 to 3,100 tokens, read on WebAssembly's baseline compiler beside another test: up to a minute.
  test.setTimeout(120_000);
  await app.open();
  await app.ready();
  // One token per character in the tiny model, so three of these overflow its 4096-token window.
  const long = (letter: string) => `${letter.repeat(1500)}`;
  for (const letter of ['a', 'b']) {
    await app.send(long(letter));
    expect(await app.finishedReply(60_000)).toBe(SPELLED_TEXT);
  }
  await app.send(long('c'));
  expect(await app.finishedReply(60_000)).toBe(SPELLED_TEXT);
  const reply = app.lastReply();
  await expect(reply).toContainText("2 earlier messages were left out to fit the model's context window.");
  // What was sent: the last two user turns and the reply between them (BOS, per-message markers, generation prompt).
  const kept = [long('b'), SPELLED_TEXT, long('c')].map((content, i) => ({ role: i === 1 ? 'assistant' : 'user', content }));
  await expect(reply).toHaveAttribute('data-prompt-tokens', String(promptTokenCount(kept)));
});
