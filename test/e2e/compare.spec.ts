/**
 * Compare in the built app: the tiny local model and the loopback OpenAI server answer the same
 * question side by side, with their figures and the cost to the cent; either reply can be kept;
 * both survive export and import; nothing is sent without a key and a yes.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import { promptTokenCount, SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { contentWidth, LOOK_NAMES, lookAs, PHONE, violationsInEveryLook } from './axe.ts';
import { expect, posts, test, testKey } from './fixtures.ts';

const KEY = testKey('compare-e2e');
/** GPT-4o-mini's published prices, US dollars per million tokens. */
const INPUT_PRICE = 0.15;
const OUTPUT_PRICE = 0.6;

const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Compare with gpt-4o-mini?' });
const question = (page: Page, n = 0) => page.getByRole('article', { name: 'You' }).nth(n);
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });

test('both replies side by side with their figures and the cost to the cent; keep the cloud one; export and import both', async ({
  app,
  cloud,
}) => {
  const { page } = app;
  cloud.usage = { prompt_tokens: 123_456, completion_tokens: 65_432 };
  await app.open();
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  const host = new URL(cloud.baseURL).host;
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);

  await question(page).getByRole('button', { name: 'Compare' }).click();
  const dialog = dialogOf(page);
  await expect(dialog).toContainText(`the messages below go to gpt-4o-mini at ${host}`);
  await expect(dialog.getByRole('listitem')).toHaveText(['You: hi']);
  // The prompt in each tokenizer's tokens, before anything is sent: the tiny model's own count, and o200k_base's.
  const o200k = encodeChat([{ role: 'user', content: 'hi' }], 'gpt-4o-mini').length;
  await expect(dialog.locator('[data-tokenizer=local] dd')).toHaveText(`${promptTokenCount([{ role: 'user', content: 'hi' }])} tokens`);
  await expect(dialog.locator('[data-tokenizer=o200k_base] dd')).toHaveText(`${o200k} tokens`);
  await expect(dialog).toContainText(`Sending the prompt costs ≈ $${((o200k * INPUT_PRICE) / 1e6).toPrecision(2)} on gpt-4o-mini`);
  expect(posts(cloud), 'nothing leaves while the question is open').toEqual([]);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();

  const pair = page.getByRole('region', { name: 'Compared replies' });
  const local = pair.locator('[data-side=local]');
  const remote = pair.locator('[data-side=cloud]');
  await expect(local).toHaveAttribute('data-state', 'done');
  await expect(remote).toHaveAttribute('data-state', 'done');
  await expect(local.locator('.compare-text')).toHaveAttribute('data-source', SPELLED_TEXT);
  await expect(remote.locator('.compare-text')).toHaveText('You said: hi');
  await expect(local.getByRole('heading')).toHaveText('tiny.gguf · on this device');
  await expect(remote.getByRole('heading')).toHaveText(`Cloud · gpt-4o-mini · ${host}`);
  await expect(local.getByRole('listitem')).toHaveText([
    '9 prompt tokens',
    '96 completion tokens',
    /^first token after \d/,
    /^[\d.]+ tokens\/s$/,
    '$0 · stays on this device',
  ]);
  const cost = (123_456 * INPUT_PRICE + 65_432 * OUTPUT_PRICE) / 1e6;
  await expect(remote.getByRole('listitem')).toHaveText([
    '123456 prompt tokens',
    '65432 completion tokens',
    /^first token after \d/,
    /^[\d.]+ tokens\/s$/,
    `≈ $${cost.toFixed(2)}`,
  ]);
  expect(Number(await remote.getAttribute('data-cost-usd'))).toBeCloseTo(cost, 12);
  await expect(
    page.getByText(`This conversation would have cost ≈ $${cost.toFixed(2)} on gpt-4o-mini (1 compared reply); on this device, $0.`),
  ).toBeVisible();
  expect(posts(cloud)).toHaveLength(1);
  expect(JSON.parse(posts(cloud)[0]?.body ?? '{}').messages).toEqual([{ role: 'user', content: 'hi' }]);

  // The local reply is the answer until the cloud's is kept; then the cloud's is, with its badge.
  await expect(local.getByText('The conversation’s answer')).toBeVisible();
  await expect(app.lastReply()).toHaveAttribute('data-engine', 'llama.cpp');
  await remote.getByRole('button', { name: 'Keep this reply, from gpt-4o-mini, as the answer' }).click();
  await expect(remote.getByText('The conversation’s answer')).toBeVisible();
  await expect(local.getByRole('button', { name: 'Keep this reply, from tiny.gguf, as the answer' })).toBeVisible();
  await expect(app.lastReply()).toHaveAttribute('data-engine', 'cloud');
  await expect(app.lastReply().locator('.author .badge')).toHaveText(`Cloud · gpt-4o-mini · ${host}`);

  // The next local turn reads the kept reply as the conversation's answer.
  await app.send('more');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.lastReply()).toHaveAttribute(
    'data-prompt-tokens',
    String(
      promptTokenCount([
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'You said: hi' },
        { role: 'user', content: 'more' },
      ]),
    ),
  );

  // Export, delete, import: both replies come back, the kept one still the answer.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    sidebar(page).getByRole('button', { name: 'Export all (JSON)' }).click(),
  ]);
  const exported = readFileSync(await download.path(), 'utf8');
  const [reply] = JSON.parse(exported).conversations[0].messages.filter((m: { alternative?: unknown }) => m.alternative);
  expect(reply).toMatchObject({
    content: 'You said: hi',
    via: { engine: 'cloud', model: 'gpt-4o-mini', host },
    meta: { usage: { prompt_tokens: 123_456, completion_tokens: 65_432 } },
    alternative: {
      content: SPELLED_TEXT,
      state: 'done',
      via: { engine: 'llama.cpp', model: 'tiny.gguf' },
      meta: { usage: { prompt_tokens: 9 } },
    },
  });
  page.on('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: /^Delete "/ }).click();
  await expect(sidebar(page).getByText('No saved conversations yet.')).toBeVisible();
  await sidebar(page)
    .getByLabel('Import JSON…')
    .setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(sidebar(page).getByRole('status')).toHaveText('Imported 1 conversation.');
  await page.reload();
  await sidebar(page).getByRole('button', { name: /hi/ }).click();
  await expect(remote.locator('.compare-text')).toHaveText('You said: hi');
  await expect(local.locator('.compare-text')).toHaveAttribute('data-source', SPELLED_TEXT);
  await expect(remote.getByText('The conversation’s answer')).toBeVisible();
  await expect(page.getByRole('article', { name: 'Assistant' }).first().locator('.author .badge')).toHaveText(
    `Cloud · gpt-4o-mini · ${host}`,
  );
  await expect(page.getByText(/^This conversation would have cost ≈ \$0\.06 on gpt-4o-mini/)).toBeVisible();
});

test('without a key, Compare shows what it would send and asks for one; cancelled, nothing is sent; "Never" offers no Compare', async ({
  app,
  cloud,
}) => {
  const { page } = app;
  const outside: string[] = [];
  page.on('request', (r) => {
    if (/^https?:/.test(r.url()) && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(r.url())) outside.push(r.url());
  });
  await app.open();
  await app.send('my secret plan');
  await app.finishedReply();

  // The default endpoint is OpenAI's: the dialog names it and wants a key before it sends anything.
  await question(page).getByRole('button', { name: 'Compare' }).click();
  const dialog = dialogOf(page);
  await expect(dialog).toContainText('the messages below go to gpt-4o-mini at api.openai.com');
  await expect(dialog.getByRole('listitem')).toHaveText(['You: my secret plan']);
  await expect(dialog.getByLabel('API key for api.openai.com')).toBeVisible();
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Enter your API key to send to this service.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Compared replies' })).toHaveCount(0);

  // Pointed at the loopback server, still without a key: Esc closes the dialog, and not one request arrives.
  await app.setUpCloud(cloud.baseURL);
  await question(page).getByRole('button', { name: 'Compare' }).click();
  await expect(dialogOf(page).getByLabel(`API key for ${new URL(cloud.baseURL).host}`)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialogOf(page)).toBeHidden();
  expect(cloud.requests, 'the loopback server saw nothing').toEqual([]);
  expect(outside, 'nothing left for OpenAI').toEqual([]);

  await app.setUpCloud(cloud.baseURL, { policy: 'Never use the cloud' });
  await expect(question(page).getByRole('button', { name: 'Edit' })).toBeVisible();
  await expect(question(page).getByRole('button', { name: 'Compare' })).toHaveCount(0);
});

test(`Compare passes axe (${LOOK_NAMES}): the dialog by keyboard, and the pair`, async ({ app, cloud }) => {
  const { page } = app;
  // Driven on the phone, where room is scarcest; axe then checks each look at every step.
  await lookAs(page, PHONE);
  await app.open();
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  await app.send('hi');
  await app.finishedReply();
  await question(page).getByRole('button', { name: 'Compare' }).focus();
  await page.keyboard.press('Enter');
  const dialog = dialogOf(page);
  await expect(dialog.locator('[data-tokenizer=local] dd')).toHaveText('9 tokens');
  expect(await violationsInEveryLook(page), 'the Compare dialog').toEqual([]);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).focus();
  await page.keyboard.press('Enter');
  const remote = page.locator('[data-side=cloud]');
  await expect(remote).toHaveAttribute('data-state', 'done');
  await expect(page.locator('[data-side=local]')).toHaveAttribute('data-state', 'done');
  expect(await violationsInEveryLook(page), 'the compared replies').toEqual([]);
  await remote.getByRole('button', { name: 'Keep this reply, from gpt-4o-mini, as the answer' }).focus();
  await page.keyboard.press('Enter');
  await expect(remote.getByText('The conversation’s answer')).toBeVisible();
  expect(await violationsInEveryLook(page), 'the cloud reply kept').toEqual([]);
  expect(await contentWidth(page)).toBeLessThanOrEqual(360);
  // Stacked on a phone: the cloud's reply is below this device's, not beside it.
  const [a, b] = await Promise.all([page.locator('[data-side=local]').boundingBox(), remote.boundingBox()]);
  expect(b?.y).toBeGreaterThan((a?.y ?? 0) + (a?.height ?? 0) - 1);
});
