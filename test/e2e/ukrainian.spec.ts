/**
 * A person who reads Ukrainian meets real failures (a missing model, a web page served as a model, a
 * schema the local engine refuses) and reads every word of them, and of the whole page, in Ukrainian.
 */
import { englishIn } from '../fixtures/english-words.ts';
import { type App, expect, test } from './fixtures.ts';

test.use({ locale: 'uk-UA' });

/** The page's visible text that is English, apart from names and addresses (and `names`, such as the model's file). */
async function english(app: App, names: string[] = []): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what a reader sees, not textContent
  return englishIn(await app.page.locator('body').innerText(), names);
}

async function sendInUkrainian(app: App, text: string): Promise<void> {
  await app.page.getByRole('textbox', { name: 'Повідомлення' }).fill(text);
  await app.page.getByRole('button', { name: 'Надіслати' }).click();
}

test('a missing model and a web page served as a model are explained in Ukrainian, in the status line and in the reply', async ({
  app,
}) => {
  await app.open('/missing.gguf');
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'uk');
  const alert = app.page.getByRole('alert');
  await expect(alert).toContainText('Модель не знайдено. За адресою');
  await expect(alert).toContainText('missing.gguf немає моделі (HTTP 404). Перевірте адресу або оберіть модель зі списку.');
  expect(await english(app, ['missing'])).toEqual([]);

  await sendInUkrainian(app, 'Привіт?');
  await expect(app.page.getByRole('article', { name: 'Асистент' }).getByRole('alert')).toContainText('За адресою');
  expect(await english(app, ['missing'])).toEqual([]);

  await app.open('/page.gguf');
  await expect(app.page.getByRole('alert')).toContainText(
    'page.gguf — це вебсторінка, а не файл моделі. Використайте пряме посилання на файл',
  );
  await expect(app.status).toHaveAttribute('data-state', 'error');
  expect(await english(app, ['page'])).toEqual([]);
});

test('a schema the local engine cannot guarantee is refused in Ukrainian, and a ready model is described in Ukrainian', async ({ app }) => {
  const { page } = app;
  // Set up in English, as the helpers speak it, then switch the page to the browser's Ukrainian.
  await page.addInitScript(() => localStorage.getItem('inpage:locale') || localStorage.setItem('inpage:locale', 'en'));
  await app.open();
  await app.ready();
  const pattern = { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } }, required: ['code'] };
  await app.settings({ temperature: 0, json: true, schema: JSON.stringify(pattern) });
  await page.evaluate(() => localStorage.setItem('inpage:locale', 'uk'));
  await page.reload();
  await app.ready();
  await expect(app.status).toContainText('завантажено зі сховища браузера');
  expect(await english(app)).toEqual([]);

  await sendInUkrainian(app, 'Код?');
  const reply = page.getByRole('article', { name: 'Асистент' });
  await expect(reply).toHaveAttribute('data-state', 'error');
  await expect(reply.getByRole('alert')).toContainText('llama.cpp не може гарантувати можливість JSON Schema «pattern»');
  // "pattern" is the keyword the schema itself used: a name.
  expect(await english(app, ['pattern'])).toEqual([]);
});
