/** axe-core on the main screens, in light and dark schemes and on a 360 px phone; keyboard-only use; the Ukrainian UI. */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { contentWidth, LOOK_NAMES, lookAs, PHONE, violations, violationsInEveryLook } from './axe.ts';
import { expect, test } from './fixtures.ts';

test(`no axe violations (${LOOK_NAMES}): first run, conversation, models, settings, an error, the cloud`, async ({ app, cloud }) => {
  const { page } = app;
  // Driven on the phone, where room is scarcest; axe then checks each look at every step.
  await lookAs(page, PHONE);
  await page.goto('/');
  await expect(page.getByText('A language model that runs in this page')).toBeVisible();
  expect(await violationsInEveryLook(page), 'first run').toEqual([]);

  await app.open();
  await app.ready();
  await app.send('hi');
  await app.finishedReply();
  expect(await violationsInEveryLook(page), 'conversation').toEqual([]);

  await app.setUpCloud(cloud.baseURL, { key: 'sk-test-key-for-axe' });
  await app.route('cloud');
  await app.send('and the cloud?');
  await expect(page.getByRole('dialog', { name: 'Send this conversation to the cloud?' })).toBeVisible();
  expect(await violationsInEveryLook(page), 'consent dialog').toEqual([]);
  await page.getByRole('button', { name: 'Send to the cloud' }).click();
  await app.finishedReply();
  expect(await violationsInEveryLook(page), 'a cloud reply, and the composer sending to the cloud').toEqual([]);
  await app.route('local');

  await app.openPanel('Models');
  expect(await violationsInEveryLook(page), 'models panel').toEqual([]);
  await app.closePanel();
  await app.openPanel('Settings');
  expect(await violationsInEveryLook(page), 'settings panel').toEqual([]);
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('checkbox', { name: 'Reply in JSON' }).check();
  await settings.getByRole('textbox', { name: 'JSON Schema for replies (optional)' }).fill('{ "type": ');
  await expect(settings.getByRole('alert')).toContainText('This is not valid JSON');
  expect(await violationsInEveryLook(page), 'settings with JSON replies and a schema that is not JSON').toEqual([]);
  await settings.getByRole('textbox', { name: 'JSON Schema for replies (optional)' }).fill('');
  await app.closePanel();
  await app.send('as JSON');
  await app.finishedReply();
  expect(await violationsInEveryLook(page), 'a JSON reply').toEqual([]);

  // Nothing wider than the screen: no sideways scrolling on a phone.
  expect(await contentWidth(page)).toBeLessThanOrEqual(360);
  await page.getByRole('button', { name: 'Conversations' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  expect(await violations(page), 'conversations on a phone').toEqual([]);
  await page.screenshot({ path: test.info().outputPath('phone.png'), fullPage: true });
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeHidden();

  await app.open('/missing.gguf');
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await violationsInEveryLook(page), 'error').toEqual([]);
});

test('keyboard only: send, stop with Esc, edit the last message with Up, and reach the panels', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  // The skip link comes before everything else (Shift+Tab from the first header button), and leads to the message box.
  await page.getByRole('button', { name: 'Models', exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('link', { name: 'Skip to the message box' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.input).toBeFocused();

  await page.keyboard.type('first');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('line two');
  await expect(app.input).toHaveValue('first\nline two');
  await page.keyboard.press('Enter');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(page.getByRole('article', { name: 'You' })).toHaveText(/first\s*line two/);

  // Esc stops the reply being written, as soon as it appears.
  await page.evaluate(() => {
    const log = document.querySelector('[role=log]') as Element;
    const observer = new MutationObserver(() => {
      const replies = [...log.querySelectorAll('article.assistant')];
      if (replies.length === 2 && replies[1]?.textContent?.includes('A')) {
        observer.disconnect();
        document.getElementById('composer-input')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      }
    });
    observer.observe(log, { subtree: true, childList: true, characterData: true });
  });
  await app.input.focus();
  await page.keyboard.type('second');
  await page.keyboard.press('Enter');
  await app.finishedReply();
  await expect(app.lastReply()).toHaveAttribute('data-state', 'stopped');

  // Up in the empty box edits the last question; Enter there sends it again.
  await app.input.focus();
  await page.keyboard.press('ArrowUp');
  const editor = page.getByRole('textbox', { name: 'Edit your message' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('second');
  await page.keyboard.press('End');
  await page.keyboard.type(' again');
  await page.keyboard.press('Enter');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(page.getByRole('article', { name: 'You' }).last()).toHaveText(/second again/);

  // Panels open and close from the keyboard, and focus comes back.
  const models = page.getByRole('button', { name: 'Models', exact: true });
  await models.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Models' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(models).toBeFocused();
});

test('Enter while an input method is composing does not send', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await app.input.fill('こんにち');
  await app.input.dispatchEvent('keydown', { key: 'Enter', isComposing: true, keyCode: 229 });
  await expect(page.getByRole('article')).toHaveCount(0);
  await expect(app.input).toHaveValue('こんにち');
});

test('the UI speaks Ukrainian, follows the choice after a reload, and Ukrainian text round-trips through storage', async ({ app }) => {
  const { page } = app;
  await app.open();
  await app.ready();
  await app.openPanel('Settings');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('uk');
  await expect(page.getByRole('dialog', { name: 'Налаштування' })).toBeVisible();
  await page.getByRole('button', { name: 'Закрити' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');

  const question = 'Привіт! Як справи? Ґанок, їжак, є';
  await page.getByRole('textbox', { name: 'Повідомлення' }).fill(question);
  await expect(page.getByText('Текст не англійською займає більше токенів')).toBeVisible();
  await page.getByRole('button', { name: 'Надіслати' }).click();
  await expect(page.getByRole('article', { name: 'Асистент' })).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('article', { name: 'Асистент' })).toContainText('96 токенів');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Налаштування' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Розмови' })
    .getByRole('button', { name: /Привіт! Як справи/ })
    .click();
  await expect(page.getByRole('article', { name: 'Ви' })).toContainText(question);
  expect(await violations(page), 'Ukrainian UI').toEqual([]);
});
