/**
 * The library and the widget as others use them: a separately built Vite app importing `inpage`,
 * a plain static page with a module script, and a page with only <inpage-chat>.
 */

import { bertEmbedding, bertTokenIds } from '../fixtures/bert-model.ts';
import { closedPort } from '../fixtures/closed-port.ts';
import { buildConsumer } from '../fixtures/consumer-build.ts';
import { CORPUS, QUERY, RANKING } from '../fixtures/embedding-corpus.ts';
import { type StaticServer, startStaticServer } from '../fixtures/static-server.ts';
import { promptTokenCount, SPELLED_TEXT, tinyEmbedding } from '../fixtures/tiny-model.ts';
import { expect, posts, test, testKey } from './fixtures.ts';
import { plainPagesScript, scriptPage } from './library-page.ts';

const PHASES = ['download', 'start'];
const FOLLOW_UP = promptTokenCount([
  { role: 'user', content: 'hi' },
  { role: 'assistant', content: SPELLED_TEXT },
  { role: 'user', content: 'more' },
]);
const KEY = testKey('widget-e2e');

/** What the test page's embed() gives back: the library's response, or the error it threw. */
interface Embedder {
  embed(input: unknown): Promise<{
    object: string;
    model: string;
    data: { object: string; index: number; embedding: number[] }[];
    usage: { prompt_tokens: number };
    error?: { name: string; message: string };
  }>;
}

test.describe('a consumer app built by its own Vite', () => {
  let site: StaticServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    site = await buildConsumer('test/fixtures/consumer');
  });
  test.afterAll(() => site?.close());

  test('createRuntime streams the exact text through for await, and errors are the named classes', async ({ app }) => {
    const { page, models } = app;
    await page.goto(
      `${site.url}?model=${encodeURIComponent(models.url('/tiny.gguf'))}&missing=${encodeURIComponent(models.url('/missing.gguf'))}`,
    );
    const result = await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result);
    expect(result).toMatchObject({
      text: SPELLED_TEXT,
      finish: 'stop',
      usage: { prompt_tokens: 9, completion_tokens: 96, total_tokens: 105, prompt_tokens_details: { cached_tokens: 0 } },
      // The first prompt and the 95 tokens of its reply (the closing <|end|> is never evaluated) are reused.
      followUp: { prompt_tokens: FOLLOW_UP, prompt_tokens_details: { cached_tokens: 9 + 95 } },
      noReuse: { prompt_tokens: FOLLOW_UP, prompt_tokens_details: { cached_tokens: 0 } },
      whole: { content: 'ABCDE', finish: 'length' },
      error: { name: 'ModelNotFoundError', isModelNotFound: true, isInPageError: true, code: 'MODEL_NOT_FOUND' },
      stored: [{ complete: true, kind: 'gguf' }],
    });
    expect((result as { chunks: number }).chunks).toBeGreaterThan(10);
    expect((result as { phases: string[] }).phases).toEqual(expect.arrayContaining(PHASES));
    expect((result as { catalog: number }).catalog).toBeGreaterThan(3);
  });
});

test.describe('dist-lib on a plain static page', () => {
  let site: StaticServer;
  test.beforeAll(async () => {
    site = await startStaticServer('dist-lib', {
      isolated: true,
      base: '/lib/',
      extra: {
        '/pages.js': { type: 'text/javascript', body: await plainPagesScript() },
        '/module.html': scriptPage('plain module', 'window.result = pages.moduleText(lib, params);'),
        '/compare.html': scriptPage('compare', 'window.run = pages.compareRunner(lib, params);'),
        '/embed.html': scriptPage('embeddings', 'Object.assign(window, pages.embedder(lib, params));'),
        '/widget.html': {
          type: 'text/html',
          body: `<!doctype html><html><head><title>widget</title>
            <style>
              p { color: rgb(255, 0, 0) !important; font-size: 40px !important; }
              button { display: none !important; }
              .message { background: rgb(0, 255, 0) !important; }
            </style></head><body>
            <p id="host-text">The host page's own paragraph.</p>
            <button id="host-button" style="display: inline-block">A host button</button>
            <inpage-chat system-prompt="Be brief." placeholder="Ask me anything"></inpage-chat>
            <script type="module" src="./widget.js"></script>
            </body></html>`,
        },
      },
    });
  });
  test.afterAll(() => site?.close());

  test('a <script type="module"> imports dist-lib/inpage.js and streams the exact text', async ({ app }) => {
    const { page, models } = app;
    await page.goto(`${site.url}module.html?model=${encodeURIComponent(models.url('/tiny.gguf'))}`);
    expect(await page.evaluate(() => (window as unknown as { result: Promise<string> }).result)).toBe(SPELLED_TEXT);
  });

  test('createRuntime({ wasm: "compat" }) runs chat and embeddings on the compat build beside the module; a bad value is refused by name', async ({
    app,
  }) => {
    const { page, models } = app;
    site.requests.length = 0;
    await page.goto(`${site.url}module.html?wasm=compat&model=${encodeURIComponent(models.url('/tiny.gguf'))}`);
    expect(await page.evaluate(() => (window as unknown as { result: Promise<string> }).result)).toBe(SPELLED_TEXT);
    await page.goto(`${site.url}embed.html?wasm=compat&embed=${encodeURIComponent(models.url('/embed.gguf'))}`);
    const response = await page.evaluate((input) => (window as unknown as Embedder).embed(input), [QUERY]);
    const expected = tinyEmbedding(QUERY);
    const got = response.data[0]?.embedding ?? [];
    expect(got).toHaveLength(expected.length);
    expect(Math.max(...got.map((x, d) => Math.abs(x - (expected[d] as number))))).toBeLessThan(1e-5);
    // Fetched from beside dist-lib/inpage.js, never from a CDN (the suite's guard fails any other host).
    const compat = [...new Set(site.requests.filter((path) => /^\/lib\/wllama-compat\.(js|wasm)$/.test(path)))];
    expect(compat.map((path) => path.split('.').at(-1)).sort()).toEqual(['js', 'wasm']);

    await page.goto(`${site.url}embed.html?wasm=fast&embed=${encodeURIComponent(models.url('/embed.gguf'))}`);
    expect(await page.evaluate((input) => (window as unknown as Embedder).embed(input), [QUERY])).toMatchObject({
      error: {
        name: 'InvalidRequestError',
        message: 'createRuntime({ wasm }) is "fast", which is not a llama.cpp build: use auto, default, compat.',
      },
    });
    await page.goto(`${site.url}module.html?wasm=fast&model=${encodeURIComponent(models.url('/tiny.gguf'))}`);
    expect(await page.evaluate(() => (window as unknown as { result: Promise<string> }).result)).toBe(
      'failed: InvalidRequestError: createRuntime({ wasm }) is "fast", which is not a llama.cpp build: use auto, default, compat.',
    );
  });

  test('<inpage-chat> alone renders, answers with the tiny model, and keeps its styles to itself', async ({ app }) => {
    const { page, models } = app;
    const events: unknown[] = [];
    await page.exposeFunction('recordEvent', (e: unknown) => events.push(e));
    await page.goto(`${site.url}widget.html`);
    await page.evaluate(() => {
      for (const name of ['inpage-message', 'inpage-error'])
        document.addEventListener(name, (e) =>
          (window as unknown as { recordEvent: (e: unknown) => void }).recordEvent({ type: name, detail: (e as CustomEvent).detail }),
        );
    });
    await page.locator('inpage-chat').evaluate((el, url) => el.setAttribute('model', url), models.url('/tiny.gguf'));
    const widget = page.locator('inpage-chat');
    await expect(widget.getByText('Runs on this device: nothing you type leaves the page.')).toBeVisible();
    await widget.getByRole('textbox', { name: 'Message' }).fill('hi');
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect(widget.locator('.message[data-role=assistant]')).toHaveText(SPELLED_TEXT, { timeout: 30_000 });
    // The text is on screen a moment before the reply's event (which waits for the stream's end).
    await expect
      .poll(() => events)
      .toEqual([
        { type: 'inpage-message', detail: { role: 'user', content: 'hi' } },
        { type: 'inpage-message', detail: { role: 'assistant', content: SPELLED_TEXT } },
      ]);

    // The page's styles do not reach in…
    const inside = await widget.locator('.message[data-role=assistant]').evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, fontSize: s.fontSize, background: s.backgroundColor };
    });
    expect(inside.color).not.toBe('rgb(255, 0, 0)');
    expect(inside.fontSize).not.toBe('40px');
    expect(inside.background).not.toBe('rgb(0, 255, 0)');
    await expect(widget.getByRole('button', { name: 'Send' })).toBeVisible();
    // …and the widget's do not leak out.
    const host = await page.evaluate(() => ({
      text: getComputedStyle(document.getElementById('host-text') as HTMLElement).color,
      button: getComputedStyle(document.getElementById('host-button') as HTMLElement).display,
      sheets: document.styleSheets.length,
    }));
    expect(host).toEqual({ text: 'rgb(255, 0, 0)', button: 'none', sheets: 1 });
  });

  test('embeddings.create gives each text its exact vector, in OpenAI’s shape, and a query ranks the corpus as expected', async ({
    app,
  }) => {
    const { page, models } = app;
    const INPUT = [...CORPUS, QUERY];
    const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
    await page.goto(`${site.url}embed.html?embed=${encodeURIComponent(models.url('/embed.gguf'))}`);
    const response = await page.evaluate((input) => (window as unknown as Embedder).embed(input), INPUT);
    expect(response).toMatchObject({ object: 'list', model: models.url('/embed.gguf'), data: expect.any(Array) });
    const vectors = response.data.map((d) => d.embedding);
    expect(response.data.map((d) => [d.index, d.object])).toEqual(INPUT.map((_, i) => [i, 'embedding']));
    // Each vector is its text's token histogram (BOS included), L2-normalized: real inference through llama.cpp.
    for (const [i, text] of INPUT.entries()) {
      const expected = tinyEmbedding(text);
      expect(vectors[i]).toHaveLength(expected.length);
      const got = vectors[i] ?? [];
      expect(Math.max(...got.map((x, d) => Math.abs(x - (expected[d] as number))))).toBeLessThan(1e-5);
    }
    expect(vectors[5], 'identical token sequences give identical vectors').toEqual(vectors[2]);
    const ranked = CORPUS.map((_, i) => i).sort(
      (a, b) => cosine(vectors[5] ?? [], vectors[b] ?? []) - cosine(vectors[5] ?? [], vectors[a] ?? []),
    );
    expect(ranked).toEqual(RANKING);
    expect(response.usage.prompt_tokens).toBe(INPUT.reduce((n, t) => n + t.length + 1, 0));

    const bad = await page.evaluate(() => (window as unknown as Embedder).embed([]));
    expect(bad).toMatchObject({ error: expect.anything() });
    expect(bad.error).toMatchObject({ name: 'InvalidRequestError', message: 'input: give a text, or a non-empty list of texts.' });
  });

  test('an embedding model made as bge-small’s real GGUF is (BERT, WordPiece, [CLS] pooling) gives its known vectors and token counts; a Ukrainian document past its 512 tokens a passage is indexed whole', async ({
    app,
  }) => {
    const { page, models } = app;
    const url = models.url('/embed-bert.gguf');
    await page.goto(`${site.url}embed.html?embed=${encodeURIComponent(url)}`);
    const INPUT = ['hello world', 'Hello, World! 42', 'привіт, світе', 'є ґанок і двір'];
    const response = await page.evaluate((input) => (window as unknown as Embedder).embed(input), INPUT);
    // llama.cpp's own WordPiece: [CLS], "▁h" "e" "l" "l" "o", "▁w" …, [SEP]; punctuation alone; lower case.
    expect(response.usage.prompt_tokens).toBe(INPUT.reduce((n, t) => n + bertTokenIds(t).length, 0));
    for (const [i, text] of INPUT.entries()) {
      const expected = bertEmbedding(text, 2);
      const got = response.data[i]?.embedding ?? [];
      expect(got).toHaveLength(expected.length);
      expect(Math.max(...got.map((x, d) => Math.abs(x - (expected[d] as number)))), text).toBeLessThan(2e-3);
    }

    // Ukrainian runs about a token a character in an English vocabulary: a 1000-character chunk is ~800 tokens.
    const sentences = Array.from({ length: 24 }, (_, i) => `Речення номер ${i + 1} розповідає про сад, річку та дорогу до міста.`);
    const text = sentences.join(' ');
    const tooLong = await page.evaluate((input) => (window as unknown as Embedder).embed(input), [text.slice(0, 1000)]);
    expect(tooLong).toMatchObject({ error: { name: 'ContextWindowExceededError' } });
    // A question past the window is searched by its start, and every word of the document is in a stored passage.
    const result = await page.evaluate(
      ([text, query]) =>
        (window as unknown as { indexOne: (t: string, q: string) => Promise<{ chunks: number; passages: string[] }> }).indexOne(
          text as string,
          query as string,
        ),
      [text, text.slice(0, 900)] as const,
    );
    expect(result).not.toHaveProperty('error');
    expect(result.chunks).toBeGreaterThan(Math.ceil(text.length / 1000));
    expect(result.passages).toHaveLength(result.chunks);
    for (const passage of result.passages) expect(bertTokenIds(passage).length).toBeLessThanOrEqual(512);
    const stored = new Set(result.passages.flatMap((p) => p.split(' ')));
    expect(text.split(' ').filter((word) => !stored.has(word))).toEqual([]);
  });

  test('bge-small as transformers.js publishes it (int8 ONNX and tokenizer.json) embeds on ONNX Runtime with its known vectors, from the store the second time, cancellable while it indexes; a tokenizer it cannot read is said before the graph is fetched, and not kept', async ({
    app,
  }) => {
    const { page, models } = app;
    const url = models.url('/onnx/bge/resolve/main/onnx/model_quantized.onnx');
    await page.goto(`${site.url}embed.html?embed=${encodeURIComponent(url)}`);
    // "край" and "мій": Hugging Face's BertNormalizer strips the breve (й → и), as llama.cpp's WordPiece does not.
    const INPUT = ['hello world', 'Hello, World! 42', 'привіт, світе', 'є ґанок і двір', 'мій край'];
    const stripped = INPUT.map((t) => t.normalize('NFD').replace(/\p{Mn}/gu, ''));
    const response = await page.evaluate((input) => (window as unknown as Embedder).embed(input), INPUT);
    expect(response).not.toHaveProperty('error');
    expect(response.usage.prompt_tokens).toBe(stripped.reduce((n, t) => n + bertTokenIds(t).length, 0));
    for (const [i, text] of stripped.entries()) {
      const expected = bertEmbedding(text, 2);
      const got = response.data[i]?.embedding ?? [];
      expect(got).toHaveLength(expected.length);
      // int8 weights and activations carry their rounding through each layer.
      expect(Math.max(...got.map((x, d) => Math.abs(x - (expected[d] as number)))), text).toBeLessThan(1e-2);
    }
    const fetched = models.requests.filter((p) => p.startsWith('/onnx/bge/')).sort();
    expect(fetched).toEqual(['/onnx/bge/resolve/main/onnx/model_quantized.onnx', '/onnx/bge/resolve/main/tokenizer.json']);

    // The same model in a new runtime: both files come from this browser's store.
    const again = await page.evaluate((input) => (window as unknown as Embedder).embed(input), ['hello world']);
    expect(again.data[0]?.embedding).toEqual(response.data[0]?.embedding);
    expect(models.requests.filter((p) => p.startsWith('/onnx/bge/'))).toHaveLength(2);

    // A passage past the 512 tokens is refused by name, so the document index splits it (as on llama.cpp).
    const tooLong = await page.evaluate((input) => (window as unknown as Embedder).embed(input), ['я '.repeat(600)]);
    expect(tooLong).toMatchObject({ error: { name: 'ContextWindowExceededError' } });
    const text = Array.from({ length: 12 }, (_, i) => `Речення номер ${i + 1} розповідає про сад, річку та дорогу до міста.`).join(' ');
    const indexed = await page.evaluate(
      ([text, query]) =>
        (window as unknown as { indexOne: (t: string, q: string) => Promise<{ chunks: number; passages: string[] }> }).indexOne(
          text as string,
          query as string,
        ),
      [text, 'сад і річка'] as const,
    );
    expect(indexed).not.toHaveProperty('error');
    const stored = new Set(indexed.passages.flatMap((p) => p.split(' ')));
    expect(text.split(' ').filter((word) => !stored.has(word))).toEqual([]);

    // ONNX Runtime runs in a worker of its own, so the runtime worker hears a cancel while a long document is embedded.
    const long = Array.from({ length: 150 }, (_, i) => `Passage ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(20)}`).join(
      '\n\n',
    );
    const cancelled = await page.evaluate(
      (text) =>
        (
          window as unknown as { cancelIndexing: (t: string) => Promise<{ error?: { name: string }; embedded: number; left?: number }> }
        ).cancelIndexing(text),
      long,
    );
    expect(cancelled).toMatchObject({ error: { name: 'AbortError' }, added: 0 });
    expect(cancelled.embedded).toBeGreaterThan(0);

    // A Unigram tokenizer (XLM-R's, E5's) is not WordPiece: said by name, and the file is not kept, so a fixed address is fetched anew.
    const unigram = models.url('/onnx/unigram/resolve/main/onnx/model_quantized.onnx');
    await page.goto(`${site.url}embed.html?embed=${encodeURIComponent(unigram)}`);
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await page.evaluate((input) => (window as unknown as Embedder).embed(input), ['hello']);
      expect(refused).toMatchObject({
        error: {
          name: 'InvalidModelError',
          message: expect.stringContaining('uses a Unigram tokenizer; InPage reads WordPiece (BERT-family) tokenizers'),
        },
      });
    }
    expect(models.requests.filter((p) => p === '/onnx/unigram/resolve/main/tokenizer.json')).toHaveLength(2);
    // The tokenizer comes first, so a model InPage cannot read is refused before its graph is downloaded.
    expect(models.requests.filter((p) => p === '/onnx/unigram/resolve/main/onnx/model_quantized.onnx')).toHaveLength(0);

    // A "blob" link gives web pages where the files should be: refused from the first bytes, with the link to use.
    await page.goto(`${site.url}embed.html?embed=${encodeURIComponent(models.url('/onnx/page/blob/main/onnx/model_quantized.onnx'))}`);
    const notOnnx = await page.evaluate((input) => (window as unknown as Embedder).embed(input), ['hello']);
    expect(notOnnx).toMatchObject({
      error: {
        name: 'InvalidModelError',
        message:
          "model_quantized.onnx (tokenizer.json) is a web page, not the model's file. Use the .onnx file's direct download link (on Hugging Face: …/resolve/main/onnx/model_quantized.onnx, not …/blob/…).",
      },
    });
  });

  test('documents.add indexes here, search ranks the corpus as expected, delete removes one, and a bad file is a DocumentError', async ({
    app,
  }) => {
    const { page, models } = app;
    await page.goto(`${site.url}embed.html?embed=${encodeURIComponent(models.url('/embed.gguf'))}`);
    const result = await page.evaluate(
      ([corpus, query]) =>
        (window as unknown as { documents: (c: string[], q: string) => Promise<unknown> }).documents(corpus as string[], query as string),
      [CORPUS, QUERY] as const,
    );
    expect(result).toEqual({
      found: RANKING.map((i) => [`doc${i}.txt`, CORPUS[i]]),
      left: CORPUS.slice(1).map((_, i) => `doc${i + 1}.txt`),
      bad: { name: 'DocumentError', reason: 'binary' },
      count: CORPUS.length - 1,
    });
  });

  test('compare() answers on this device and in the cloud, with figures and cost; without a yes nothing is sent', async ({
    app,
    cloud,
  }) => {
    const { page, models } = app;
    cloud.usage = { prompt_tokens: 120_000, completion_tokens: 30_000 };
    await page.goto(
      `${site.url}compare.html?model=${encodeURIComponent(models.url('/tiny.gguf'))}&cloud=${encodeURIComponent(cloud.baseURL)}`,
    );
    type Side = {
      ok: boolean;
      text?: string;
      name?: string;
      message?: string;
      figures?: Record<string, unknown> & { usage: Record<string, number> };
    };
    type Run = {
      questions: { purpose: string; host: string; model: string; messages: unknown[] }[];
      streamed: Record<string, string>;
      local: Side;
      cloud: Side;
    };
    const run = (which: string) => page.evaluate((w) => (window as unknown as { run: (w: string) => Promise<Run> }).run(w), which);
    const host = new URL(cloud.baseURL).host;

    // No way to ask: the cloud half is refused by name, the local half answers, and not one request is made.
    const unasked = await run('unasked');
    expect(unasked.local).toMatchObject({ ok: true, text: SPELLED_TEXT, figures: { engine: 'llama.cpp', costUsd: 0 } });
    expect(unasked.cloud).toMatchObject({ ok: false, name: 'ConsentRequiredError' });
    expect(unasked.cloud.message).toContain(`goes to ${host}`);
    const declined = await run('no');
    expect(declined.questions).toEqual([
      { purpose: 'compare', host, model: 'gpt-4o-mini', reason: 'compare', messages: [{ role: 'user', content: 'hi' }] },
    ]);
    expect(declined.cloud).toMatchObject({ ok: false, name: 'ConsentRequiredError' });
    expect(cloud.requests, 'nothing leaves without a yes').toEqual([]);

    const both = await run('yes');
    expect(both.local).toMatchObject({
      ok: true,
      text: SPELLED_TEXT,
      figures: { engine: 'llama.cpp', usage: { prompt_tokens: 9, completion_tokens: 96 } },
    });
    expect(both.cloud).toMatchObject({
      ok: true,
      text: 'You said: hi',
      figures: { engine: 'cloud', model: 'gpt-4o-mini', usage: { prompt_tokens: 120_000, completion_tokens: 30_000 } },
    });
    expect(both.streamed).toEqual({ local: SPELLED_TEXT, cloud: 'You said: hi' });
    // GPT-4o-mini's published prices: $0.15 per million prompt tokens, $0.60 per million completion tokens.
    expect(both.cloud.figures?.costUsd).toBeCloseTo((120_000 * 0.15 + 30_000 * 0.6) / 1e6, 10);
    for (const figures of [both.local.figures, both.cloud.figures]) {
      expect(figures?.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
      expect(figures?.tokensPerSecond).toBeGreaterThan(0);
    }
    expect(cloud.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  test('<inpage-chat fallback="ask">: nothing leaves before the visitor agrees; a cloud reply is marked', async ({ app, cloud }) => {
    const { page } = app;
    cloud.expectedKey = KEY;
    const events: { type: string; detail: { name?: string; cloud?: unknown } }[] = [];
    await page.exposeFunction('recordEvent', (e: (typeof events)[number]) => events.push(e));
    await page.goto(`${site.url}widget.html`);
    await page.evaluate(() => {
      for (const name of ['inpage-message', 'inpage-error'])
        document.addEventListener(name, (e) =>
          (window as unknown as { recordEvent: (e: unknown) => void }).recordEvent({ type: name, detail: (e as CustomEvent).detail }),
        );
    });
    const port = await closedPort();
    await page.locator('inpage-chat').evaluate(
      (el, [model, endpoint]) => {
        el.setAttribute('fallback', 'ask');
        el.setAttribute('cloud-endpoint', endpoint as string);
        el.setAttribute('model', model as string);
      },
      [`http://127.0.0.1:${port}/tiny.gguf`, cloud.baseURL],
    );
    const widget = page.locator('inpage-chat');
    const dialog = widget.getByRole('dialog', { name: 'Send this conversation to the cloud?' });
    const box = widget.getByRole('textbox', { name: 'Message' });
    const host = new URL(cloud.baseURL).host;

    // Declined: the local error stands, and not one request reached the cloud.
    await box.fill('my secret plan');
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toContainText(`Could not reach 127.0.0.1:${port}`);
    await expect(dialog).toContainText(`the messages below go to gpt-4o-mini at ${host}`);
    await expect(dialog.getByRole('listitem')).toHaveText(['Instructions: Be brief.', 'You: my secret plan']);
    await dialog.getByRole('button', { name: "Don't send" }).click();
    await expect(dialog).toBeHidden();
    await expect(widget.getByRole('alert')).toContainText(`Could not reach 127.0.0.1:${port}`);
    expect(events.at(-1)).toMatchObject({ type: 'inpage-error', detail: { name: 'NetworkError' } });

    // Stop while the question is open: it closes, and still nothing is sent.
    await box.fill('stop before asking');
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeVisible();
    await widget.getByRole('button', { name: 'Stop' }).click();
    await expect(dialog).toBeHidden();
    await expect(widget.getByText('Stopped.')).toBeVisible();
    expect(cloud.requests, 'nothing leaves the page without a yes').toEqual([]);

    // Agreed, with a key: the reply comes from the cloud and says so.
    await box.fill('hello cloud');
    await widget.getByRole('button', { name: 'Send' }).click();
    await dialog.getByLabel(`API key for ${host}`).fill(KEY);
    await dialog.getByRole('button', { name: 'Send to the cloud' }).click();
    const reply = widget.locator('.message[data-engine=cloud]');
    await expect(reply.locator('.text')).toHaveText('You said: hello cloud');
    await expect(reply.locator('.badge')).toHaveText(`Cloud · gpt-4o-mini at ${host}`);
    await expect(widget.getByRole('status')).toHaveText(`This reply comes from gpt-4o-mini at ${host}, not from this device.`);
    const sent = posts(cloud);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(sent[0]?.body ?? '{}').messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'my secret plan' },
      { role: 'user', content: 'stop before asking' },
      { role: 'user', content: 'hello cloud' },
    ]);
    await expect
      .poll(() => events.at(-1))
      .toEqual({
        type: 'inpage-message',
        detail: { role: 'assistant', content: 'You said: hello cloud', cloud: { host, model: 'gpt-4o-mini' } },
      });

    // Once agreed, the rest of this conversation goes without asking again, and is still marked.
    await box.fill('and again');
    await widget.getByRole('button', { name: 'Send' }).click();
    await expect(reply.nth(1).locator('.text')).toHaveText('You said: and again');
    await expect(dialog).toBeHidden();
    expect(cloud.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});
