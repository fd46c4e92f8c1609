/**
 * Pictures in the app: attached by button, paste and drop, answered by the tiny vision model on
 * llama.cpp, kept with the conversation (offline too), refused by name when they are not pictures,
 * and sent to the cloud only as the consent showed them, without camera metadata.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Conversation } from '../../src/runtime/page/conversations/conversation.ts';
import { costInUsd } from '../../src/runtime/page/engines/cloud/pricing.ts';
import { LOOK_NAMES, violationsInEveryLook } from './axe.ts';
import { type App, expect, test, testKey } from './fixtures.ts';
import { readStore } from './indexeddb.ts';
import { controlled, onOwnServers } from './service-worker.ts';

interface PictureFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A picture of one colour drawn by the page's own canvas, as a file to attach. */
async function picture(page: Page, colour: string, type = 'image/png', size = 32): Promise<PictureFile> {
  const base64 = (await page.evaluate(`(async () => {
    const canvas = new OffscreenCanvas(${size}, ${size});
    const g = canvas.getContext('2d');
    g.fillStyle = '${colour}';
    g.fillRect(0, 0, ${size}, ${size});
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: '${type}' })).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  })()`)) as string;
  return { name: `${colour.slice(1)}.${type.split('/')[1]}`, mimeType: type, buffer: Buffer.from(base64, 'base64') };
}

/** Hands `file` to the composer as a paste or a drop would, through a real DataTransfer. */
async function handOver(page: Page, how: 'paste' | 'drop', file: PictureFile): Promise<void> {
  await page.evaluate(
    `(() => {
      const bytes = Uint8Array.from(atob('${file.buffer.toString('base64')}'), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], '${file.name}', { type: '${file.mimeType}' }));
      const target = document.querySelector('#composer-input');
      const event = '${how}' === 'paste'
        ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
        : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
    })()`,
  );
}

const attachInput = (page: Page) => page.getByLabel('Attach a picture…');
const composerPictures = (page: Page) => page.getByRole('list', { name: 'Pictures to send' }).getByRole('img');

async function ask(app: App, question: string, reply: string): Promise<void> {
  await app.send(question);
  expect(await app.finishedReply()).toBe(reply);
}

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('a red picture attached, a blue one pasted: two exact replies, kept across a reload, and a dropped one answered offline', async ({
    app,
  }) => {
    const { page } = app;
    await onOwnServers(async ({ site, models, cut }) => {
      const query = `model=${encodeURIComponent(models.url('/vision.gguf'))}&mmproj=${encodeURIComponent(models.url('/vision-mmproj.gguf'))}`;
      await page.goto(`${site.url}?${query}`);
      await attachInput(page).setInputFiles(await picture(page, '#ff0000'));
      await expect(composerPictures(page)).toHaveAccessibleName('Picture 1, 32 × 32');
      await ask(app, 'What colour is this?', 'red');
      await expect(composerPictures(page), 'sent pictures leave the composer').toHaveCount(0);

      // The tiny model reads every picture in its conversation, as a real one does: blue gets a chat of its own.
      await page.getByRole('button', { name: 'New chat' }).click();
      await handOver(page, 'paste', await picture(page, '#0000ff'));
      await expect(composerPictures(page)).toHaveCount(1);
      await ask(app, 'And this one?', 'blue');
      await controlled(page);

      const conversation = page.getByRole('log', { name: 'Conversation' });
      const chats = page.getByRole('navigation', { name: 'Conversations' });
      const shown = async () => {
        await chats.getByRole('button', { name: /What colour is this/ }).click();
        await expect(conversation.getByRole('button', { name: 'Picture 1, 32 × 32' })).toHaveCount(1);
        await expect(app.replies()).toHaveAttribute('data-source', 'red');
        await chats.getByRole('button', { name: /And this one/ }).click();
        await expect(conversation.getByRole('button', { name: 'Picture 1, 32 × 32' })).toHaveCount(1);
        await expect(app.replies()).toHaveAttribute('data-source', 'blue');
      };
      await shown();
      // A thumbnail opens the picture large.
      await conversation.getByRole('button', { name: 'Picture 1, 32 × 32' }).click();
      const viewer = page.getByRole('dialog', { name: 'Picture 1, 32 × 32' });
      await expect(viewer.getByRole('img')).toHaveJSProperty('naturalWidth', 32);
      expect(await violationsInEveryLook(page), `the viewer: ${LOOK_NAMES}`).toEqual([]);
      await viewer.getByRole('button', { name: 'Close' }).click();

      // Stored with the conversations: re-encoded (an opaque PNG is kept as JPEG), nothing else changed.
      const stored = (await readStore(page, 'inpage-chats', 'conversations')) as Conversation[];
      const asked = stored.flatMap((c) => c.messages.filter((m) => m.role === 'user'));
      expect(asked.map((m) => m.pictures?.map((p) => [p.url.slice(0, 23), p.width, p.height]))).toEqual([
        [['data:image/jpeg;base64,', 32, 32]],
        [['data:image/jpeg;base64,', 32, 32]],
      ]);

      // Offline: both servers gone, the page and the model come from this browser.
      await cut();
      await page.reload();
      await app.ready();
      await shown();
      await page.getByRole('button', { name: 'New chat' }).click();
      await handOver(page, 'drop', await picture(page, '#ff0000', 'image/webp'));
      await expect(composerPictures(page)).toHaveCount(1);
      await ask(app, 'Offline, what colour?', 'red');
    });
  });
});

test('what is not a picture is refused by name in the composer, and nothing is attached or stored', async ({ app, offsiteRequests }) => {
  const { page } = app;
  await app.open('/tiny.gguf');
  const problem = page.locator('.composer').getByRole('alert');
  const attach = async (file: PictureFile) => {
    await attachInput(page).setInputFiles(file);
    await expect(problem).toBeVisible();
    return problem.textContent();
  };
  const png = await picture(page, '#ff0000');
  const jpeg = await picture(page, '#00ff00', 'image/jpeg');
  expect(await attach({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just some text, named as a picture') })).toBe(
    'notes.png is not a picture InPage can read: it reads PNG, JPEG, GIF and WebP, known by their bytes whatever the name or type says.',
  );
  expect(
    await attach({
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    }),
  ).toMatch(/^logo\.svg is an SVG/);
  expect(await attach({ ...jpeg, name: 'cut.jpg', buffer: jpeg.buffer.subarray(0, jpeg.buffer.length - 40) })).toBe(
    'cut.jpg is cut short: the file ends before the picture does. Attach it again.',
  );
  // A 60 MB photo, given as a file on disk as a browser would read one.
  const huge = join(test.info().outputDir, 'huge.png');
  mkdirSync(test.info().outputDir, { recursive: true });
  writeFileSync(huge, Buffer.concat([png.buffer, Buffer.alloc(60_000_000)]));
  await attachInput(page).setInputFiles(huge);
  await expect(problem).toBeVisible();
  expect(await problem.textContent()).toMatch(/^huge\.png is .* MB, more than the .* MB a picture may be\. Send a smaller copy\.$/);
  await expect(composerPictures(page)).toHaveCount(0);

  // Nine at once: eight attach, the ninth is refused with the limit.
  await attachInput(page).setInputFiles(Array.from({ length: 9 }, (_, i) => ({ ...png, name: `red-${i}.png` })));
  await expect(problem).toHaveText('A message holds at most 8 pictures: send these first, then attach the rest to the next one.');
  await expect(composerPictures(page)).toHaveCount(8);
  expect(await violationsInEveryLook(page), `the composer with pictures and a problem: ${LOOK_NAMES}`).toEqual([]);
  for (let i = 8; i > 1; i--) await page.getByRole('button', { name: `Remove picture ${i}` }).click();
  await expect(composerPictures(page)).toHaveCount(1);

  // A model that cannot see is not asked; the question and its picture stay, to send elsewhere.
  await app.send('What colour is this?');
  await expect(app.lastReply()).toHaveAttribute('data-state', 'error');
  await expect(app.lastReply().getByRole('alert')).toHaveText(
    'tiny.gguf on llama.cpp cannot see pictures (image input), so it was not asked. Choose a model that sees, or send this request to the cloud model.',
  );
  // It offers a model that sees, with its download size, and fetches nothing until asked.
  await expect(app.lastReply().getByRole('button', { name: /^Use a model that sees pictures/ })).toHaveText(
    'Use a model that sees pictures (SmolVLM2 500M vision (CPU, Q8 GGUF), 546 MB)',
  );
  expect(offsiteRequests).toEqual([]);
  const [stored] = (await readStore(page, 'inpage-chats', 'conversations')) as Conversation[];
  expect(stored?.messages.map((m) => [m.role, m.pictures?.length ?? 0])).toEqual([
    ['user', 1],
    ['assistant', 0],
  ]);
});

test('more pictures than the model’s context holds are refused by name; the question and its pictures stay, and fewer are answered', async ({
  app,
}) => {
  const { page } = app;
  // A 256-token window and 64 tokens a picture: four pictures and a question do not fit; one does.
  await app.open('/vision-small.gguf', `&mmproj=${encodeURIComponent(app.models.url('/vision-small-mmproj.gguf'))}`);
  await app.ready();
  const red = await picture(page, '#ff0000');
  await attachInput(page).setInputFiles(Array.from({ length: 4 }, (_, i) => ({ ...red, name: `red-${i}.png` })));
  await expect(composerPictures(page)).toHaveCount(4);
  await app.send('What colour are these?');
  await expect(app.lastReply()).toHaveAttribute('data-state', 'error');
  await expect(app.lastReply().getByRole('alert')).toHaveText(
    'These 4 pictures and your message need more room than the 256-token context window of vision-small.gguf holds, so nothing was sent to it. Send fewer pictures at a time, or start a new conversation.',
  );
  const question = page.getByRole('article', { name: 'You' });
  await expect(question).toContainText('What colour are these?');
  await expect(question.getByRole('button', { name: /^Picture \d, 32 × 32$/ })).toHaveCount(4);
  const [stored] = (await readStore(page, 'inpage-chats', 'conversations')) as Conversation[];
  expect(stored?.messages.map((m) => [m.role, m.pictures?.length ?? 0])).toEqual([
    ['user', 4],
    ['assistant', 0],
  ]);

  // One picture in a new conversation fits, and is answered.
  await page.getByRole('button', { name: 'New chat' }).click();
  await attachInput(page).setInputFiles(red);
  await ask(app, 'And this one?', 'red');
});

/** A JPEG with an EXIF block carrying a GPS position, as a phone's camera writes one. */
function withGps(jpeg: Buffer): Buffer {
  const tiff = Buffer.alloc(48);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // IFD0: one entry, the GPS block's place
  tiff.writeUInt16BE(0x8825, 10);
  tiff.writeUInt16BE(4, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.writeUInt32BE(0, 22);
  tiff.writeUInt16BE(1, 26); // GPS IFD: latitude north
  tiff.writeUInt16BE(1, 28);
  tiff.writeUInt16BE(2, 30);
  tiff.writeUInt32BE(2, 32);
  tiff.write('N\0', 36, 'latin1');
  tiff.writeUInt32BE(0, 40);
  tiff.write('GPS!', 44, 'latin1');
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, body, jpeg.subarray(2)]);
}

test('the cloud gets the picture the consent showed, with no camera metadata, and its cost is usage × price', async ({ app, cloud }) => {
  const { page } = app;
  await app.open('/tiny.gguf');
  await app.setUpCloud(cloud.baseURL, { key: testKey('pictures') });
  await app.route('cloud');
  const photo = withGps((await picture(page, '#00ff00', 'image/jpeg', 64)).buffer);
  expect(photo.includes('Exif'), 'the test photo does carry EXIF').toBe(true);
  await attachInput(page).setInputFiles({ name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: photo });
  await expect(composerPictures(page)).toHaveCount(1);
  const shownBefore = await composerPictures(page).getAttribute('src');
  await app.send('What is in this photo?');

  const dialog = page.getByRole('dialog', { name: /cloud/i });
  await expect(dialog.getByRole('img', { name: 'Picture 1 of this message' })).toHaveAttribute('src', shownBefore ?? '');
  expect(cloud.requests, 'nothing leaves the page while the question is open').toEqual([]);
  await dialog.getByRole('button', { name: 'Send to the cloud' }).click();
  expect(await app.finishedReply()).toBe('You said: What is in this photo?');

  const sent = JSON.parse(cloud.requests.find((r) => r.method === 'POST')?.body ?? '{}');
  const url: string = sent.messages[0].content[1].image_url.url;
  expect(url, 'what left is what the consent showed').toBe(shownBefore);
  const arrived = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
  expect(arrived.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  expect(arrived.includes('Exif'), 'no EXIF block').toBe(false);
  expect(arrived.includes('GPS!'), 'no GPS position').toBe(false);

  const [stored] = (await readStore(page, 'inpage-chats', 'conversations')) as Conversation[];
  const meta = stored?.messages.at(-1)?.meta;
  expect(meta?.usage.prompt_tokens).toBeGreaterThan(2833);
  expect(meta?.costUsd).toBe(costInUsd('gpt-4o-mini', meta?.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }));
});

test('Compare with a picture: the dialog shows it and prices it by OpenAI’s rule; the local model sees it, the cloud gets it', async ({
  app,
  cloud,
}) => {
  const { page, models } = app;
  await app.open('/vision.gguf', `&mmproj=${encodeURIComponent(models.url('/vision-mmproj.gguf'))}`);
  await app.setUpCloud(cloud.baseURL, { key: testKey('compare-picture') });
  await attachInput(page).setInputFiles(await picture(page, '#ff0000', 'image/png', 1024));
  await ask(app, 'What colour is this?', 'red');

  await page.getByRole('article', { name: 'You' }).getByRole('button', { name: 'Compare' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare with gpt-4o-mini?' });
  await expect(dialog.getByRole('img', { name: 'Picture 1 of this message' })).toBeVisible();
  // 1024 × 1024, high detail (auto counts as high): shrunk to 768 × 768, four tiles.
  const pictureTokens = 2833 + 4 * 5667;
  await expect(dialog.locator('[data-tokenizer=o200k_base] dd')).toContainText(
    `(${pictureTokens} of them for the picture, by OpenAI's rule for their size and detail)`,
  );
  const estimated = Number(/^(\d+) tokens/.exec((await dialog.locator('[data-tokenizer=o200k_base] dd').textContent()) ?? '')?.[1]);
  expect(estimated - pictureTokens, 'the text’s own tokens').toBeGreaterThan(0);
  expect(estimated - pictureTokens).toBeLessThan(20);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();

  const pair = page.getByRole('region', { name: 'Compared replies' });
  await expect(pair.locator('[data-side=local] .compare-text')).toHaveAttribute('data-source', 'red');
  await expect(pair.locator('[data-side=cloud] .compare-text')).toHaveText('You said: What colour is this?');
  const sent = JSON.parse(cloud.requests.find((r) => r.method === 'POST')?.body ?? '{}');
  expect(sent.messages[0].content.map((p: { type: string }) => p.type)).toEqual(['text', 'image_url']);
  // After: the cost is what the server reported, times the price.
  const [stored] = (await readStore(page, 'inpage-chats', 'conversations')) as Conversation[];
  const other = stored?.messages.at(-1)?.alternative?.meta;
  expect(other?.costUsd).toBe(costInUsd('gpt-4o-mini', other?.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }));
});
