/**
 * The package as users install it: `npm pack`, installed with npm (offline) into projects made here.
 * Through the Vercel AI SDK, in a project with its own `ai` and `zod` built by its own Vite, on the tiny
 * models: exact text, a zod object, a tool loop, exact vectors, an abort, and the chat transport falling
 * back to the loopback OpenAI server only after consent; examples/ai-sdk the same way; and the
 * tarball's files as they are on a static page with no bundler.
 */

import { readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { closedPort } from '../fixtures/closed-port.ts';
import { buildAndServe } from '../fixtures/consumer-build.ts';
import { installConsumer } from '../fixtures/packed-consumer.ts';
import { indexOf, PERSONAL, phonePictures } from '../fixtures/picture-metadata.ts';
import { type StaticServer, startStaticServer } from '../fixtures/static-server.ts';
import { promptTokenCount, SPELLED_TEXT, tinyEmbedding } from '../fixtures/tiny-model.ts';
import { expect, posts, test } from './fixtures.ts';

let site: StaticServer;
let files: string[];
/** Paths of this machine that no installed file may name. */
let leaked: string[];
/** The installed package's third-party notices. */
let notices: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const installed = installConsumer('test/fixtures/ai-sdk-consumer');
  files = installed.files;
  const root = join(installed.dir, 'node_modules', 'inpage');
  // The repository, the home folder, and the test's own temporary folders (Emscripten's virtual file system has a /tmp of its own).
  const machine = [process.cwd(), `${homedir()}/`, join(tmpdir(), 'inpage-')];
  leaked = files
    .filter((f) => !f.endsWith('.wasm'))
    .filter((f) => machine.some((path) => readFileSync(join(root, f), 'utf8').includes(path)));
  notices = readFileSync(join(root, 'dist-lib', 'THIRD_PARTY_LICENSES.md'), 'utf8');
  site = await buildAndServe(installed.dir);
});
test.afterAll(() => site?.close());

/** Runs `window.scenarios[name](...args)` in the consumer's page. */
async function scenario(page: Page, name: string, ...args: unknown[]): Promise<Record<string, unknown>> {
  if (!page.url().startsWith(site.url)) await page.goto(site.url);
  return page.evaluate(
    ([n, list]) => {
      const w = window as unknown as {
        scenarios: Record<string, (...a: unknown[]) => Promise<Record<string, unknown>>>;
        failure: (e: unknown) => Record<string, unknown>;
      };
      return (w.scenarios[n as string] as (...a: unknown[]) => Promise<Record<string, unknown>>)(...(list as unknown[])).catch((e) => ({
        thrown: w.failure(e),
      }));
    },
    [name, args] as const,
  );
}

test('the tarball holds the library, the widget and the provider with their types and every file they load, and nothing else', () => {
  for (const entry of [
    'inpage.js',
    'widget.js',
    'ai-sdk.js',
    'wllama.wasm',
    'wllama-compat.wasm',
    'wllama-compat.js',
    'pdf.worker.min.mjs',
  ])
    expect(files, entry).toContain(`dist-lib/${entry}`);
  for (const types of ['lib/index.d.ts', 'widget/index.d.ts', 'ai-sdk/index.d.ts']) expect(files).toContain(`dist-lib/types/${types}`);
  expect(files.some((f) => /^dist-lib\/runtime-worker-[\w-]+\.js$/.test(f))).toBe(true);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']));
  // No tests, fixtures, sources or models: only what a page loads and its types.
  expect(files.filter((f) => !/^(dist-lib\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(f))).toEqual([]);
  expect(files.filter((f) => /test|fixture|\.gguf$|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  // The code it bundles comes with its notices: web-llm's, wllama's with llama.cpp's, pdf.js's.
  for (const name of ['@mlc-ai/web-llm', '@wllama/wllama', 'pdfjs-dist', 'preact']) expect(notices).toContain(`## ${name} `);
  expect(notices).toContain('Copyright (c) 2023-2024 The ggml authors');
  // Nor this machine's paths (the repository, the home or temporary folder), in code, types or source maps.
  expect(leaked).toEqual([]);
});

test('streamText gives the exact text with usage and who answered; a follow-up reads its prompt from the cache', async ({ app }) => {
  const model = app.models.url('/tiny.gguf');
  const streamed = await scenario(app.page, 'stream', model);
  expect(streamed).toEqual({
    text: SPELLED_TEXT,
    parts: expect.any(Number),
    usage: { input: 9, output: 96, cached: 0 },
    finishReason: 'stop',
    engine: 'llama.cpp',
  });
  expect(streamed.parts as number).toBeGreaterThan(10);
  const followUp = await scenario(app.page, 'followUp', model);
  expect(followUp).toEqual({
    first: SPELLED_TEXT,
    // The first prompt and its reply (less the closing <|end|>, never evaluated) come from the cache.
    cached: 9 + 95,
    input: promptTokenCount([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: SPELLED_TEXT },
      { role: 'user', content: 'more' },
    ]),
  });
});

test('generateObject returns an object that matches its zod schema, written under the schema', async ({ app }) => {
  const result = await scenario(app.page, 'object', app.models.url('/tiny.gguf'));
  expect(result).toEqual({ object: { letter: 'B', count: 8 }, valid: true, finishReason: 'stop' });
});

test('a tool loop calls the page function with schema-valid input and answers with its result', async ({ app }) => {
  const result = await scenario(app.page, 'tools', app.models.url('/tiny.gguf'));
  expect(result).toEqual({
    calls: [{ a: 34, b: 34 }],
    steps: [
      { finishReason: 'tool-calls', toolCalls: [['add', { a: 34, b: 34 }]] },
      { finishReason: 'stop', toolCalls: [] },
    ],
    results: [68],
    text: SPELLED_TEXT,
  });
});

test('embedMany returns each text’s exact vector', async ({ app }) => {
  const values = ['the cat sat', 'on the mat', 'the cat sat'];
  const result = (await scenario(app.page, 'embed', app.models.url('/embed.gguf'), values)) as { embeddings: number[][]; tokens: number };
  expect(result.embeddings).toHaveLength(3);
  for (const [i, text] of values.entries()) {
    const expected = tinyEmbedding(text);
    const got = result.embeddings[i] ?? [];
    expect(got).toHaveLength(expected.length);
    expect(Math.max(...got.map((x, d) => Math.abs(x - (expected[d] as number))))).toBeLessThan(1e-5);
  }
  expect(result.tokens).toBe(values.reduce((n, t) => n + t.length + 1, 0));
});

test('an abort stops the stream where it is, and the next request gets a whole reply', async ({ app }) => {
  const result = (await scenario(app.page, 'abort', app.models.url('/tiny.gguf'))) as { text: string; aborted: boolean; next: string };
  expect(result.aborted).toBe(true);
  expect(result.text.length).toBeGreaterThanOrEqual(3);
  expect(result.text.length).toBeLessThan(SPELLED_TEXT.length);
  expect(SPELLED_TEXT.startsWith(result.text)).toBe(true);
  expect(result.next).toBe(SPELLED_TEXT.slice(0, 4));
});

test('availability says "downloadable", then "available" once createSessionWithProgress has loaded it (progress rising to 1) and after a reload', async ({
  app,
}) => {
  expect(await scenario(app.page, 'availability', app.models.url('/tiny.gguf'))).toEqual({
    before: 'downloadable',
    after: 'available',
    stored: 'available',
    last: 1,
    rising: true,
  });
});

test('one provider, two model ids: one runtime and one worker, each request answered by its own model', async ({ app }) => {
  const first = app.models.url('/tiny.gguf');
  const second = app.models.url('/loop.gguf');
  const result = await scenario(app.page, 'twoModels', first, second);
  expect(result).toEqual({
    texts: [SPELLED_TEXT, SPELLED_TEXT.repeat(2).slice(0, 100), 'ABC'],
    models: [first, second, first],
    oneRuntime: true,
    stored: [first, second].sort(),
  });
  // The models took turns in one worker: a second worker would hold a second model in memory.
  expect(app.page.workers().filter((w) => w.url().includes('runtime-worker'))).toHaveLength(1);
  await scenario(app.page, 'disposeKept');
});

test('pictures sent through the provider reach the cloud as the same pictures, with none of their metadata', async ({ app, cloud }) => {
  const pictures = phonePictures();
  const result = await scenario(
    app.page,
    'pictures',
    cloud.baseURL,
    pictures.map((p) => ({ mediaType: p.type, base64: Buffer.from(p.sent).toString('base64') })),
  );
  expect(result).toEqual({ text: 'You said: what is this?' });
  const [sent] = posts(cloud).map(
    (r) => JSON.parse(r.body) as { messages: { content: { type: string; image_url?: { url: string } }[] }[] },
  );
  const urls = (sent?.messages[0]?.content ?? []).flatMap((p) => (p.image_url ? [p.image_url.url] : []));
  expect(urls).toHaveLength(3);
  urls.forEach((url, i) => {
    const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    for (const [what, text] of Object.entries(PERSONAL)) expect(indexOf(bytes, text), what).toBe(-1);
    expect(Buffer.compare(bytes, Buffer.from(pictures[i]?.clean ?? [])), pictures[i]?.type).toBe(0);
  });
});

test('the chat transport falls back to the cloud only after consent, and the message says the cloud answered', async ({ app, cloud }) => {
  const port = await closedPort();
  const result = (await scenario(app.page, 'transport', `http://127.0.0.1:${port}/tiny.gguf`, cloud.baseURL, [false, true])) as {
    asked: { host: string; purpose: string; messages: number }[];
    turns: { text: string; metadata: unknown; errors: string[] }[];
  };
  const host = new URL(cloud.baseURL).host;
  expect(result.asked).toEqual([
    { host, purpose: 'fallback', messages: 1 },
    { host, purpose: 'fallback', messages: 1 },
  ]);
  // Declined: this device's error, and nothing sent.
  expect(result.turns[0]?.text).toBe('');
  expect(result.turns[0]?.errors.join(' ')).toContain(`Could not reach 127.0.0.1:${port}`);
  // Allowed: the cloud's answer, marked as the cloud's.
  expect(result.turns[1]).toEqual({
    text: 'You said: hello',
    metadata: { inpage: { engine: 'cloud', fallback: true, host, model: 'gpt-4o-mini' } },
    errors: [],
  });
  expect(posts(cloud)).toHaveLength(1);
  expect(JSON.parse(posts(cloud)[0]?.body ?? '{}').messages).toEqual([{ role: 'user', content: 'hello' }]);
});

test.describe('examples/ai-sdk, installed from the tarball and built by its own Vite', () => {
  let example: StaticServer;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    example = await buildAndServe(installConsumer('examples/ai-sdk').dir);
  });
  test.afterAll(() => example?.close());

  test('the chat streams, the object fits its schema, the tool loop runs the tool, and the notes are ranked', async ({ app }) => {
    const { page, models } = app;
    await page.goto(
      `${example.url}?model=${encodeURIComponent(models.url('/tiny.gguf'))}&embed=${encodeURIComponent(models.url('/embed.gguf'))}`,
    );
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('#chat-output')).toHaveText(SPELLED_TEXT, { timeout: 30_000 });
    await expect(page.locator('#status')).toHaveText('Answered by llama.cpp in 96 tokens.');

    await page.getByRole('button', { name: 'Extract' }).click();
    await expect(page.locator('#object-output')).not.toBeEmpty({ timeout: 30_000 });
    const object = JSON.parse((await page.locator('#object-output').textContent()) ?? '');
    expect(Object.keys(object).sort()).toEqual(['age', 'name', 'occupation']);
    expect(Number.isInteger(object.age) && object.age >= 0 && object.age <= 130).toBe(true);
    expect(typeof object.name === 'string' && object.name.length <= 60).toBe(true);

    await page.getByRole('button', { name: 'Ask' }).click();
    await expect(page.locator('#tools-output')).toHaveText(SPELLED_TEXT, { timeout: 30_000 });
    await expect(page.locator('#tools-log li')).toHaveCount(1);
    await expect(page.locator('#tools-log li')).toHaveText(
      /^convert\(\{"value":-?[\d.e+-]+,"from":"(km|mi|m|ft)","to":"(km|mi|m|ft)"\}\) → -?[\d.]+(e[+-]\d+)?$/,
    );

    // The tiny embedding model's vector is a text's character histogram: the query shares most with itself.
    const notes = ['MMMM 1234, WWW', 'the quick brown fox jumps over the lazy dog', '0123456789 + 42 = 51'];
    await page.locator('#embed-notes').fill(notes.join('\n'));
    await page.locator('#embed-query').fill(notes[1] as string);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('#embed-output li')).toHaveCount(3, { timeout: 30_000 });
    await expect(page.locator('#embed-output li').first()).toHaveText(`${notes[1]} (1.00)`);
  });
});

test.describe("the tarball's files on a static page with no bundler", () => {
  let plain: StaticServer;
  let dir: string;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dir = installConsumer().dir;
    plain = await startStaticServer(join(dir, 'node_modules', 'inpage', 'dist-lib'), {
      isolated: true,
      base: '/lib/',
      extra: {
        '/page.html': {
          type: 'text/html',
          body: `<!doctype html><title>plain</title><inpage-chat></inpage-chat><script type="module">
            import { createRuntime } from './inpage.js';
            import './widget.js';
            window.createRuntime = createRuntime;
          </script>`,
        },
      },
    });
  });
  test.afterAll(async () => {
    await plain?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('createRuntime and <inpage-chat> answer with the exact text, loading their worker and WebAssembly from beside them', async ({
    app,
  }) => {
    const { page, models } = app;
    await page.goto(`${plain.url}page.html`);
    const text = await page.evaluate(async (model) => {
      const w = window as unknown as {
        createRuntime: (o: object) => {
          chat: { completions: { create(p: object): Promise<AsyncIterable<{ choices: { delta: { content?: string } }[] }>> } };
          dispose(): Promise<void>;
        };
      };
      const runtime = w.createRuntime({ model });
      let out = '';
      for await (const chunk of await runtime.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }], stream: true }))
        out += chunk.choices[0]?.delta.content ?? '';
      await runtime.dispose();
      return out;
    }, models.url('/tiny.gguf'));
    expect(text).toBe(SPELLED_TEXT);
    const widget = page.locator('inpage-chat');
    await widget.evaluate((el, url) => el.setAttribute('model', url), models.url('/tiny.gguf'));
    await widget.getByRole('textbox', { name: 'Message' }).fill('hi');
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect(widget.locator('.message[data-role=assistant]')).toHaveText(SPELLED_TEXT, { timeout: 30_000 });
    // The engine's worker and llama.cpp's WebAssembly came from the installed package's folder.
    expect(plain.requests.filter((path) => /^\/lib\/runtime-worker-[\w-]+\.js$/.test(path)).length).toBeGreaterThan(0);
    expect(plain.requests).toContain('/lib/wllama.wasm');
  });
});
