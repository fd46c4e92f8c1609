/**
 * Chat with your own documents, in the built app: files are read, embedded by the tiny embedding
 * model and indexed in IndexedDB; a question retrieves passages in a known order, the reply cites
 * them, and nothing of a document leaves the page unless the user agrees to send it.
 */
import type { Page } from '@playwright/test';
import { CORPUS, QUERY } from '../fixtures/embedding-corpus.ts';
import { encryptedPdf, imageOnlyPdf, textPdf } from '../fixtures/pdf.ts';
import { promptTokenCount, SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { contentWidth, LOOK_NAMES, lookAs, PHONE, violationsInEveryLook } from './axe.ts';
import { type App, expect, test } from './fixtures.ts';
import { readStore } from './indexeddb.ts';

const [NOTES, GUIDE, , REPORT_P1, REPORT_P2] = CORPUS as [string, string, string, string, string];
/** The index holds exactly CORPUS: one passage a file (and a PDF page), so the ranking is known. */
const FILES = [
  { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(`${NOTES}\n`) },
  {
    name: 'guide.html',
    mimeType: 'text/html',
    buffer: Buffer.from(`<!doctype html><html><body><p>${GUIDE}</p><script>document.title = 'ran'</script></body></html>`),
  },
  { name: 'report.pdf', mimeType: 'application/pdf', buffer: textPdf([[REPORT_P1], [REPORT_P2], [QUERY]]) },
];
/** RANKING [2, 1, 4, 3, 0] as the files name those passages. */
const CITED = ['[1] report.pdf, p. 3', '[2] guide.html', '[3] report.pdf, p. 2', '[4] report.pdf, p. 1', '[5] notes.txt'];
const PASSAGES = [
  ['report.pdf, p. 3', QUERY],
  ['guide.html', GUIDE],
  ['report.pdf, p. 2', REPORT_P2],
  ['report.pdf, p. 1', REPORT_P1],
  ['notes.txt', NOTES],
];
const PROMPT_BLOCK =
  "Passages from the user's documents. Answer from them where they help, and cite each one you use by its number, like [1].\n\n" +
  PASSAGES.map(([source, text], i) => `[${i + 1}] ${source}:\n${text}`).join('\n\n');

const panel = (page: Page) => page.locator('details.documents');

async function openWithEmbedder(app: App): Promise<void> {
  await app.open('/tiny.gguf', `&embed=${encodeURIComponent(app.models.url('/embed.gguf'))}`);
}

async function openDocuments(page: Page): Promise<void> {
  const details = panel(page);
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
}

/** What IndexedDB holds: document records, and the ids with stored content (chunks and vectors). */
async function stored(page: Page): Promise<{ documents: { name: string; chunks: number }[]; content: string[] }> {
  const documents = (await readStore(page, 'inpage-documents', 'documents')) as { name: string; chunks: number; createdAt: number }[];
  const content = (await readStore(page, 'inpage-documents', 'content', { keys: true })) as string[];
  return { documents: documents.sort((a, b) => a.createdAt - b.createdAt).map((d) => ({ name: d.name, chunks: d.chunks })), content };
}

test('three files are indexed here; a question cites the right passages in order; the index outlives a reload; delete removes the chunks', async ({
  app,
}) => {
  const { page, models } = app;
  await openWithEmbedder(app);
  await openDocuments(page);
  await panel(page).getByLabel('Attach documents…').setInputFiles(FILES);
  const list = panel(page).locator('.document-list li');
  await expect(list).toHaveCount(3, { timeout: 30_000 });
  await expect(list.locator('.document-name')).toHaveText(['notes.txt', 'guide.html', 'report.pdf']);
  await expect(list.nth(2)).toContainText('3 pages · 3 passages');
  expect(await stored(page)).toMatchObject({
    documents: [
      { name: 'notes.txt', chunks: 1 },
      { name: 'guide.html', chunks: 1 },
      { name: 'report.pdf', chunks: 3 },
    ],
  });
  expect(await page.title(), "the HTML file's script never ran").not.toBe('ran');
  expect(
    models.requests.filter((r) => r.includes('embed.gguf')).length,
    'the embedding model was fetched from the model host',
  ).toBeGreaterThan(0);

  await app.send(QUERY);
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  const citations = app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button');
  await expect(citations).toHaveText(CITED);
  // The passages went into the prompt, numbered as cited: the tiny model counts one token a character.
  await expect(app.lastReply()).toHaveAttribute(
    'data-prompt-tokens',
    String(
      promptTokenCount([
        { role: 'system', content: PROMPT_BLOCK },
        { role: 'user', content: QUERY },
      ]),
    ),
  );
  await citations.first().click();
  const passage = page.getByRole('dialog', { name: '[1] report.pdf, p. 3' });
  await expect(passage.locator('blockquote')).toHaveText(QUERY);
  await passage.getByRole('button', { name: 'Close' }).click();

  // After a reload the index is still there: the same question finds the same passages. The app now names
  // another embedding model; these documents are still searched with the one they were indexed with.
  const requestsBefore = models.requests.length;
  await app.open('/tiny.gguf', `&embed=${encodeURIComponent(models.url('/slow-embed.gguf'))}`);
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /the quick brown fox/ })
    .first()
    .click();
  await expect(app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button')).toHaveText(CITED);
  await openDocuments(page);
  await expect(panel(page).locator('.document-list li')).toHaveCount(3);
  await app.send(QUERY);
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button')).toHaveText(CITED);
  expect(models.requests.slice(requestsBefore), 'the newly named model was not needed').not.toContain('/slow-embed.gguf');

  // Deleting a document deletes its chunks and vectors, in IndexedDB too.
  const before = await stored(page);
  await panel(page).getByRole('button', { name: 'Delete report.pdf' }).click();
  await expect(panel(page).locator('.document-list li')).toHaveCount(2);
  const after = await stored(page);
  expect(after.documents).toEqual([
    { name: 'notes.txt', chunks: 1 },
    { name: 'guide.html', chunks: 1 },
  ]);
  expect(after.content).toHaveLength(2);
  expect(before.content.filter((id) => !after.content.includes(id))).toHaveLength(1);
  await app.send(QUERY);
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button')).toHaveText([
    '[1] guide.html',
    '[2] notes.txt',
  ]);
});

test('a Ukrainian file whose passages run past the 512 tokens of an embedding model made as bge-small’s file is (BERT, WordPiece) is indexed whole, and a question finds it', async ({
  app,
}) => {
  const { page } = app;
  await app.open('/tiny.gguf', `&embed=${encodeURIComponent(app.models.url('/embed-bert.gguf'))}`);
  await openDocuments(page);
  // About a token a character in an English vocabulary: each 1000-character chunk is about 800 tokens.
  const text = Array.from({ length: 30 }, (_, i) => `Речення номер ${i + 1} розповідає про сад, річку та дорогу до міста.`).join(' ');
  await panel(page)
    .getByLabel('Attach documents…')
    .setInputFiles({ name: 'сад.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  const item = panel(page).locator('.document-list li');
  await expect(item).toHaveCount(1, { timeout: 60_000 });
  const [record] = (await stored(page)).documents;
  // Split until every passage fits: more passages than 1000-character chunks, none of them lost.
  expect(record?.chunks).toBeGreaterThan(Math.ceil(text.length / 1000));
  await expect(item).toContainText(`${record?.chunks} passages`);
  // Six passages of Cyrillic overflow the tiny model's 4096 tokens (it reads a Cyrillic letter as two bytes):
  // the lowest-ranked go until the question fits, and the reply cites the ones it was given.
  await app.send('Про що розповідає речення номер 7?');
  expect(await app.finishedReply(60_000)).toBe(SPELLED_TEXT);
  const cited = app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button');
  await expect(cited.first()).toHaveText(/^\[1\] сад\.txt$/);
  expect(await cited.count()).toBeLessThan(6);
  expect(Number(await app.lastReply().getAttribute('data-prompt-tokens'))).toBeLessThanOrEqual(4096);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a document attached before the first message keeps its conversation: saved, named by the file, and found again after a reload', async ({
  app,
}) => {
  const { page } = app;
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await openWithEmbedder(app);
  await openDocuments(page);
  await panel(page)
    .getByLabel('Attach documents…')
    .setInputFiles([FILES[0] as (typeof FILES)[number]]);
  await expect(panel(page).locator('.document-list li .document-name')).toHaveText(['notes.txt'], { timeout: 30_000 });
  await expect(sidebar.getByRole('button', { name: /^notes\.txt/ })).toBeVisible();

  // A new chat has none of it; after a reload the first conversation opens with its document.
  await sidebar.getByRole('button', { name: 'New chat' }).click();
  await expect(panel(page).locator('.document-list li')).toHaveCount(0);
  await page.reload();
  await sidebar.getByRole('button', { name: /^notes\.txt/ }).click();
  await openDocuments(page);
  await expect(panel(page).locator('.document-list li .document-name')).toHaveText(['notes.txt']);
  expect(await stored(page)).toMatchObject({ documents: [{ name: 'notes.txt', chunks: 1 }] });
});

test('two tabs indexing at once download the embedding model once, and each indexes its own file', async ({ app, context }) => {
  const { page, models } = app;
  const second = await context.newPage();
  await app.open('/tiny.gguf', `&embed=${encodeURIComponent(models.url('/slow-embed.gguf'))}`);
  await second.goto(page.url());
  const tabs = [page, second];
  for (const tab of tabs) {
    await tab.bringToFront(); // as a person switches tabs: one in the background gets no animation frames
    await openDocuments(tab);
  }
  await Promise.all(
    tabs.map((tab, i) =>
      panel(tab)
        .getByLabel('Attach documents…')
        .setInputFiles([FILES[i] as (typeof FILES)[number]]),
    ),
  );
  await expect(panel(page).locator('.document-list li .document-name')).toHaveText(['notes.txt'], { timeout: 30_000 });
  await expect(panel(second).locator('.document-list li .document-name')).toHaveText(['guide.html'], { timeout: 30_000 });
  // The second tab waited for the first one's download, then read the stored file.
  expect(models.requests.filter((path) => path === '/slow-embed.gguf')).toHaveLength(1);
  expect(await stored(page)).toMatchObject({ documents: [{ chunks: 1 }, { chunks: 1 }] });
});

test('bad files each get their own message, and nothing of them is indexed', async ({ app }) => {
  const { page } = app;
  await openWithEmbedder(app);
  await openDocuments(page);
  const binary = Buffer.alloc(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
  await panel(page)
    .getByLabel('Attach documents…')
    .setInputFiles([
      { name: 'locked.pdf', mimeType: 'application/pdf', buffer: encryptedPdf() },
      { name: 'scan.pdf', mimeType: 'application/pdf', buffer: imageOnlyPdf() },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
      { name: 'program.txt', mimeType: 'text/plain', buffer: binary },
      { name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just some words') },
      { name: 'slides.pptx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') },
    ]);
  // A 200 MB file, made in the page: refused by its size before a byte of it is read.
  await panel(page)
    .getByLabel('Attach documents…')
    .evaluate((input: HTMLInputElement) => {
      const files = new DataTransfer();
      files.items.add(new File([new Uint8Array(200e6)], 'huge.txt', { type: 'text/plain' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  const problems = panel(page).getByRole('alert');
  await expect(problems).toHaveText(
    [
      'locked.pdf was not added: locked.pdf is protected by a password, so InPage cannot read it. Save an unprotected copy and attach that.',
      'scan.pdf was not added: scan.pdf has no text layer: its pages are images (a scan?). InPage does not read images; run it through OCR, then attach the result.',
      'empty.txt was not added: empty.txt is empty (0 bytes): there is nothing in it to read.',
      'program.txt was not added: program.txt is not text: its bytes look like a program, an image or an archive, perhaps renamed. Attach a .txt, .md, .html or .pdf file.',
      'fake.pdf was not added: fake.pdf is named .pdf but is not a PDF. Attach the real file.',
      'slides.pptx was not added: slides.pptx: InPage reads .txt, .md, .html and .pdf files. Save it as one of those and attach it again.',
      'huge.txt was not added: huge.txt is 200 MB; InPage reads documents up to 50 MB. Split it, or keep only the part you need.',
    ].map((t) => `${t} Dismiss`),
    { timeout: 30_000 },
  );
  expect(await stored(page)).toEqual({ documents: [], content: [] });
  await expect(panel(page).getByText('No documents yet.', { exact: false })).toBeVisible();
  await problems.first().getByRole('button', { name: 'Dismiss' }).click();
  await expect(problems).toHaveCount(6);
});

test('to the cloud, the consent lists the passages that would leave; "no" sends nothing, "yes" sends them and the reply cites them', async ({
  app,
  cloud,
}) => {
  const { page } = app;
  await openWithEmbedder(app);
  await app.setUpCloud(cloud.baseURL, { key: 'sk-documents-e2e' });
  await openDocuments(page);
  await panel(page)
    .getByLabel('Attach documents…')
    .setInputFiles([FILES[0] as (typeof FILES)[number]]);
  await expect(panel(page).locator('.document-list li')).toHaveCount(1, { timeout: 30_000 });
  await app.route('cloud');
  await app.send('what is in my notes?');
  const consent = page.getByRole('dialog', { name: /cloud/i });
  await expect(consent).toContainText('1 passage from your documents go with them:');
  await expect(consent.locator('.outgoing-passages li')).toHaveText([`[1] notes.txt: ${NOTES}`]);
  await consent.getByRole('button', { name: 'Keep it on this device' }).click();
  await expect(app.lastReply()).toContainText('Not sent');
  expect(
    cloud.requests.filter((r) => r.method === 'POST'),
    'nothing left before a yes',
  ).toEqual([]);

  await app.route('cloud');
  await app.send('and now?');
  await expect(consent.locator('.outgoing-passages li')).toHaveText([`[1] notes.txt: ${NOTES}`]);
  await consent.getByRole('button', { name: /^Send/ }).click();
  await expect(app.lastReply()).toHaveAttribute('data-state', 'done');
  const sent = JSON.parse(cloud.requests.filter((r) => r.method === 'POST')[0]?.body ?? '{}');
  expect(sent.messages[0]).toEqual({ role: 'system', content: expect.stringContaining(`[1] notes.txt:\n${NOTES}`) });
  await expect(app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button')).toHaveText(['[1] notes.txt']);
});

test(`documents pass axe (${LOOK_NAMES}): the panel, a problem, the citations and a passage, by keyboard`, async ({ app }) => {
  const { page } = app;
  // Driven on the phone, where room is scarcest; axe then checks each look at every step.
  await lookAs(page, PHONE);
  await openWithEmbedder(app);
  await panel(page).locator('summary').focus();
  await page.keyboard.press('Enter');
  await panel(page)
    .getByLabel('Attach documents…')
    .setInputFiles([FILES[0] as (typeof FILES)[number], { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) }]);
  await expect(panel(page).locator('.document-list li')).toHaveCount(1, { timeout: 30_000 });
  await expect(panel(page).getByRole('alert')).toHaveCount(1);
  expect(await violationsInEveryLook(page), 'the documents panel').toEqual([]);
  await app.send(NOTES);
  await app.finishedReply();
  const citation = app.lastReply().getByRole('navigation', { name: 'Sources' }).getByRole('button');
  await expect(citation).toHaveText(['[1] notes.txt']);
  expect(await violationsInEveryLook(page), 'a reply with citations').toEqual([]);
  await citation.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: '[1] notes.txt' }).locator('blockquote')).toHaveText(NOTES);
  expect(await violationsInEveryLook(page), 'a passage').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(citation).toBeFocused();
  expect(await contentWidth(page)).toBeLessThanOrEqual(360);
});

test("web-llm's embedding models: the files land in web-llm's cache through our downloader, and a bad library is named; nothing is indexed", async ({
  app,
}) => {
  const { page, models } = app;
  const base = '/mlc/Tiny-MLC/';
  const lib = '/mlc/libs/Tiny-MLC-webgpu.wasm';
  await page.goto(
    `/?model=${encodeURIComponent(models.url('/tiny.gguf'))}&embed=${encodeURIComponent(models.url(base))}&embedLib=${encodeURIComponent(models.url(lib))}`,
  );
  await openDocuments(page);
  await panel(page)
    .getByLabel('Attach documents…')
    .setInputFiles([FILES[0] as (typeof FILES)[number]]);
  const problem = panel(page).getByRole('alert');
  await expect(problem).toContainText('notes.txt was not added: The model library for Tiny-MLC could not be loaded', { timeout: 30_000 });
  await expect(problem).toContainText('It must be the library built for this model and web-llm 0.2.86');
  expect(models.requests.filter((p) => p.endsWith('mlc-chat-config.json'))).toHaveLength(1);
  expect(models.requests.filter((p) => p === lib)).toHaveLength(1);
  const cached =
    (await readStore(page, 'webllm/config', 'urls', { key: models.url(`${base}resolve/main/mlc-chat-config.json`) })) !== undefined;
  expect(cached, "the model's config is in web-llm's own database").toBe(true);
  expect(await stored(page)).toEqual({ documents: [], content: [] });
});
