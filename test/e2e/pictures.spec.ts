/**
 * Pictures in requests through the library: a vision model on llama.cpp (the tiny one names a picture's
 * dominant colour) sees them; a model that cannot is refused by name; the cloud gets them as OpenAI takes them.
 */
import { statSync } from 'node:fs';
import { LOW_DETAIL_IMAGE_TOKENS } from '../fixtures/openai-server.ts';
import type { StaticServer } from '../fixtures/static-server.ts';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test, testKey } from './fixtures.ts';
import { readStore } from './indexeddb.ts';
import { openLibrary, startLibrarySite } from './library-page.ts';

// A 1×1 red PNG.
const RED_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const RED = `data:image/png;base64,${RED_BASE64}`;

let site: StaticServer;
test.beforeAll(async () => {
  site = await startLibrarySite();
});
test.afterAll(() => site?.close());

test('a vision model on llama.cpp sees: a red picture and a blue one get their exact replies, text alone the spelled text', async ({
  app,
}) => {
  const { models } = app;
  const run = await openLibrary(app.page, site.url, { model: models.url('/vision.gguf'), mmproj: models.url('/vision-mmproj.gguf') });
  const result = (await run(
    `// A picture of one colour, as the page would have it: PNG and WebP in data: and blob: URLs.
     const picture = async (colour, type) => {
       const canvas = new OffscreenCanvas(32, 32);
       const g = canvas.getContext('2d');
       g.fillStyle = colour;
       g.fillRect(0, 0, 32, 32);
       return canvas.convertToBlob({ type });
     };
     const asData = async (blob) => 'data:' + blob.type + ';base64,' + btoa(String.fromCharCode(...new Uint8Array(await blob.arrayBuffer())));
     const ask = async (url) => {
       const r = await rt.chat.completions.create({ messages: [{ role: 'user', content: [
         { type: 'text', text: 'What colour is this?' }, { type: 'image_url', image_url: { url } }] }] });
       return r.choices[0].message.content;
     };
     const refused = await ask('https://example.org/red.png').catch((e) => ({ name: e.name, message: e.message }));
     // Named image/png, but text: known by its bytes, in the worker, where a blob: picture is read.
     const notPicture = await ask(URL.createObjectURL(new Blob(['hello'], { type: 'image/png' }))).catch((e) => ({ name: e.name, message: e.message }));
     return {
       red: await ask(await asData(await picture('#ff0000', 'image/png'))),
       blue: await ask(URL.createObjectURL(await picture('#0000ff', 'image/png'))),
       webp: await ask(await asData(await picture('#e00000', 'image/webp'))),
       text: (await rt.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }] })).choices[0].message.content,
       refused,
       notPicture,
       vision: (await rt.load()).vision,
     };`,
  )) as Record<string, unknown>;
  expect(result).toEqual({
    red: 'red',
    blue: 'blue',
    webp: 'red',
    text: SPELLED_TEXT,
    // Seeing does not mean fetching: a picture on the web never leaves this device's engine for it.
    refused: {
      name: 'InvalidRequestError',
      message:
        "A picture at example.org would be fetched from the web, which this device's engine never does. Give it as a file (a data: or blob: URL).",
    },
    notPicture: {
      name: 'InvalidRequestError',
      message:
        'Message 1, part 2 is not a picture InPage can read: it reads PNG, JPEG, GIF and WebP, known by their bytes whatever the name or type says.',
    },
    vision: true,
  });
  // Both files came from the model server, once each.
  expect(models.requests.filter((p) => p.startsWith('/vision')).sort()).toEqual(['/vision-mmproj.gguf', '/vision.gguf']);
});

test('the compat WebAssembly build (for browsers without JSPI) sees too: a red picture gets "red"', async ({ app }) => {
  const { models } = app;
  const run = await openLibrary(app.page, site.url, {
    model: models.url('/vision.gguf'),
    mmproj: models.url('/vision-mmproj.gguf'),
    wasm: 'compat',
  });
  const result = await run(
    `const loaded = await rt.load();
     const r = await rt.chat.completions.create({ messages: [{ role: 'user', content: [
       { type: 'text', text: 'What colour is this?' }, { type: 'image_url', image_url: { url: args[0] } }] }] });
     return { build: loaded.wasm.build, vision: loaded.vision, reply: r.choices[0].message.content };`,
    RED,
  );
  expect(result).toEqual({ build: 'compat', vision: true, reply: 'red' });
});

test('a file given as the projector that is not one is refused from its header, and nothing of it is kept', async ({ app }) => {
  const { models } = app;
  const run = await openLibrary(app.page, site.url, { model: models.url('/vision.gguf'), mmproj: models.url('/tiny.gguf') });
  const result = await run(`return rt.load().then(() => 'loaded', (e) => ({ name: e.name, message: e.message }));`);
  expect(result).toEqual({
    name: 'InvalidModelError',
    message:
      'tiny.gguf is not a multimodal projector: its architecture is "llama", where a projector\'s is "clip". Give the model\'s mmproj file as the projector.',
  });
  const files = (await readStore(app.page, 'inpage-models', 'files', { keys: true })) as string[];
  expect(files, 'the language model is kept; the wrong projector is not').toEqual([models.url('/vision.gguf')]);
});

test('a projector two models share is stored once, listed with each, and kept until the last of them is deleted', async ({ app }) => {
  const { models } = app;
  const [big, small, projector] = [models.url('/vision.gguf'), models.url('/vision-small.gguf'), models.url('/vision-mmproj.gguf')];
  const run = await openLibrary(app.page, site.url, { model: big, mmproj: projector });
  const result = (await run(
    `const canvas = new OffscreenCanvas(32, 32);
     const g = canvas.getContext('2d');
     g.fillStyle = '#ff0000';
     g.fillRect(0, 0, 32, 32);
     const url = URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
     const ask = async (runtime) => (await runtime.chat.completions.create({ messages: [{ role: 'user', content: [
       { type: 'text', text: 'What colour?' }, { type: 'image_url', image_url: { url } }] }] })).choices[0].message.content;
     const other = lib.createRuntime({ model: args[0], mmproj: args[1] });
     const answers = [await ask(rt), await ask(other)];
     await other.dispose();
     const list = (await rt.storage.list()).map((m) => ({ key: m.key, bytes: m.bytes })).sort((a, b) => a.key.localeCompare(b.key));
     await rt.storage.delete(args[2]);
     const afterFirst = (await rt.storage.list()).map((m) => ({ key: m.key, bytes: m.bytes }));
     await rt.storage.delete(args[0]);
     return { answers, list, afterFirst, afterBoth: (await rt.storage.list()).map((m) => m.key) };`,
    small,
    projector,
    big,
  )) as { answers: string[]; list: { key: string; bytes: number }[]; afterFirst: { key: string; bytes: number }[]; afterBoth: string[] };
  const size = (name: string) => statSync(process.env[name] as string).size;
  expect(result).toEqual({
    answers: ['red', 'red'],
    // Each model is listed with the projector it needs.
    list: [
      { key: small, bytes: size('SMALL_VISION_MODEL_PATH') + size('VISION_MMPROJ_PATH') },
      { key: big, bytes: size('VISION_MODEL_PATH') + size('VISION_MMPROJ_PATH') },
    ],
    // The projector stays for the model that still needs it.
    afterFirst: [{ key: small, bytes: size('SMALL_VISION_MODEL_PATH') + size('VISION_MMPROJ_PATH') }],
    afterBoth: [],
  });
  // Downloaded once for both.
  expect(models.requests.filter((p) => p === '/vision-mmproj.gguf')).toHaveLength(1);
  expect(await readStore(app.page, 'inpage-models', 'files', { keys: true })).toEqual([]);
});

test('a vision model whose projector could not be fetched is not "available": its load would still need the projector', async ({ app }) => {
  const { models } = app;
  const run = await openLibrary(app.page, site.url, { model: models.url('/vision.gguf'), mmproj: models.url('/missing-mmproj.gguf') });
  const result = await run(
    `const before = await rt.availability();
     const failed = await rt.load().then(() => null, (e) => e.name);
     const stored = (await rt.storage.list()).map((m) => ({ key: m.key, complete: m.complete, parts: m.parts ?? [] }));
     return { before, failed, stored, after: await rt.availability() };`,
  );
  expect(result).toEqual({
    before: 'downloadable',
    failed: 'ModelNotFoundError',
    // The language model is stored whole; the projector is not, so a load would download it.
    stored: [{ key: models.url('/vision.gguf'), complete: true, parts: [] }],
    after: 'downloadable',
  });
});

test('pictures take room in the context: older turns make way, and a question whose pictures alone overflow it is refused by name', async ({
  app,
}) => {
  const { models } = app;
  // 256 tokens of context, 64 a picture.
  const run = await openLibrary(app.page, site.url, {
    model: models.url('/vision-small.gguf'),
    mmproj: models.url('/vision-small-mmproj.gguf'),
  });
  const result = (await run(
    `const picture = async (colour) => {
       const canvas = new OffscreenCanvas(32, 32);
       const g = canvas.getContext('2d');
       g.fillStyle = colour;
       g.fillRect(0, 0, 32, 32);
       return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
     };
     const asking = async (n, colour) => [{ type: 'text', text: 'What colour?' },
       ...await Promise.all(Array.from({ length: n }, async () => ({ type: 'image_url', image_url: { url: await picture(colour) } })))];
     let refused;
     try { await rt.chat.completions.create({ messages: [{ role: 'user', content: await asking(4, '#ff0000') }] }); }
     catch (e) { refused = { name: e.name, message: e.message, details: e.details }; }
     const later = await rt.chat.completions.create({ messages: [
       { role: 'user', content: await asking(3, '#0000ff') }, { role: 'assistant', content: 'blue' },
       { role: 'user', content: await asking(1, '#ff0000') }] });
     return { refused, later: later.choices[0].message.content, dropped: later.dropped_messages };`,
  )) as Record<string, unknown>;
  expect(result).toEqual({
    refused: {
      name: 'ContextWindowExceededError',
      message:
        'These 4 pictures and your message need more room than the 256-token context window of vision-small.gguf holds, so nothing was sent to it. Send fewer pictures at a time, or start a new conversation.',
      details: { contextLength: 256, pictures: 4, feature: 'image input' },
    },
    // Three blue pictures and their answer left out; the red one is answered.
    later: 'red',
    dropped: 2,
  });
});

test('a picture for the tiny llama.cpp model is refused by name before anything runs; the model answers the next request', async ({
  app,
}) => {
  const run = await openLibrary(app.page, site.url, { model: app.models.url('/tiny.gguf') });
  const result = (await run(
    `const content = [{ type: 'text', text: 'what colour is this?' }, { type: 'image_url', image_url: { url: args[0] } }];
     let refused;
     try { await rt.chat.completions.create({ messages: [{ role: 'user', content }] }); }
     catch (e) { refused = { name: e.name, message: e.message, details: e.details }; }
     const next = await rt.chat.completions.create({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], max_tokens: 3 });
     return { refused, next: next.choices[0].message.content };`,
    RED,
  )) as { refused: { name: string; message: string; details: Record<string, unknown> }; next: string };
  expect(result.refused).toEqual({
    name: 'UnsupportedFeatureError',
    message:
      'tiny.gguf on llama.cpp cannot see pictures (image input), so it was not asked. Choose a model that sees, or send this request to the cloud model.',
    // No cloud is set up for this runtime, so the session offers none.
    details: { feature: 'image input', engine: 'llama.cpp', model: 'tiny.gguf', nextSteps: ['vision'] },
  });
  expect(result.next).toBe('ABC');
});

test('the cloud gets text and pictures as OpenAI takes them: a blob: picture of this page arrives as the same bytes in a data: URL', async ({
  app,
  cloud,
}) => {
  const key = testKey('pictures');
  cloud.expectedKey = key;
  const run = await openLibrary(app.page, site.url, { model: 'cloud', cloud: { baseURL: cloud.baseURL, apiKey: key } });
  const result = (await run(
    `const bytes = Uint8Array.from(atob(args[0]), (c) => c.charCodeAt(0));
     const blob = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
     const r = await rt.chat.completions.create({ messages: [{ role: 'user', content: [
       { type: 'text', text: 'what colour?' }, { type: 'image_url', image_url: { url: blob, detail: 'low' } }] }] });
     return { text: r.choices[0].message.content, usage: r.usage };`,
    RED_BASE64,
  )) as { text: string; usage: { prompt_tokens: number } };
  expect(result.text).toBe('You said: what colour?');
  const [sent] = cloud.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
  expect(sent.messages).toEqual([
    {
      role: 'user',
      content: [
        { type: 'text', text: 'what colour?' },
        { type: 'image_url', image_url: { url: RED, detail: 'low' } },
      ],
    },
  ]);
  expect(result.usage.prompt_tokens).toBe(2 + LOW_DETAIL_IMAGE_TOKENS + 4);
});

test('<inpage-chat> takes pictures where its model sees: a red one gets "red"; with a model that cannot see, there is no attach button', async ({
  app,
}) => {
  const { page, models } = app;
  await page.goto(`${site.url}page.html`);
  await page.evaluate(
    async ([model, mmproj, tiny]) => {
      document.body.innerHTML = `<inpage-chat id="sees" model="${model}" mmproj="${mmproj}"></inpage-chat><inpage-chat id="blind" model="${tiny}"></inpage-chat>`;
      await import(`${location.origin}/lib/widget.js`);
    },
    [models.url('/vision.gguf'), models.url('/vision-mmproj.gguf'), models.url('/tiny.gguf')],
  );
  await expect(page.locator('#blind').getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(page.locator('#blind').getByText('Attach a picture')).toHaveCount(0);

  const widget = page.locator('#sees');
  await widget
    .getByLabel('Attach a picture')
    .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: Buffer.from(RED_BASE64, 'base64') });
  await expect(widget.getByRole('img', { name: 'Attachment 1, 1 × 1' })).toBeVisible();
  await widget.getByRole('textbox', { name: 'Message' }).fill('What colour is this?');
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.locator('.message[data-role=assistant]')).toHaveText('red', { timeout: 30_000 });
  await expect(widget.locator('.message[data-role=user]').getByRole('img', { name: 'Attachment 1, 1 × 1' })).toBeVisible();

  // Not a picture: said in the widget's status, and nothing attached.
  await widget
    .getByLabel('Attach a picture')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('plain text') });
  await expect(widget.getByRole('alert')).toHaveText(
    'notes.png is not a picture InPage can read: it reads PNG, JPEG, GIF and WebP, known by their bytes whatever the name or type says.',
  );
  await expect(widget.locator('.widget > .pictures'), 'nothing waits to be sent').toHaveCount(0);
});
