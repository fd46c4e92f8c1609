/**
 * One set of cases every local engine must pass, through the app: repeatable greedy text with usage,
 * a JSON Schema reply, max_tokens, a stop sequence, Stop, and a follow-up that reuses the previous turn. The llama.cpp engine runs them on the tiny spelling model,
 * whose text is known. web-llm runs them on a real model when INPAGE_WEBLLM_MODEL_URL and
 * INPAGE_WEBLLM_MODEL_LIB point at one (its first greedy reply is then the reference), and says loudly
 * why it is skipped otherwise: a real MLC library and weights cannot be built or fetched here.
 */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { type App, expect, test } from './fixtures.ts';

interface Target {
  name: string;
  /** The `?model=…` query that opens the app with this engine's model. */
  query: (app: App) => string;
  /** The greedy reply to "hi", when known in advance. */
  expected?: string;
  skip?: string | undefined;
}

const { INPAGE_WEBLLM_MODEL_URL: webllmUrl, INPAGE_WEBLLM_MODEL_LIB: webllmLib } = process.env;
const enc = encodeURIComponent;

const TARGETS: Target[] = [
  { name: 'llama.cpp engine (tiny spelling model)', query: (app) => `?model=${enc(app.models.url('/tiny.gguf'))}`, expected: SPELLED_TEXT },
  {
    name: 'web-llm engine (INPAGE_WEBLLM_MODEL_URL)',
    query: () => `?model=${enc(webllmUrl ?? '')}&lib=${enc(webllmLib ?? '')}`,
    skip:
      webllmUrl && webllmLib
        ? undefined
        : 'SKIPPED: set INPAGE_WEBLLM_MODEL_URL (an MLC model folder) and INPAGE_WEBLLM_MODEL_LIB (its web-llm 0.2.86 .wasm library) to run web-llm conformance; it needs a real model and, to finish in reasonable time, a GPU (see docs/testing.md, "Tested where, and how").',
  },
];

/** Opens the app on the target's model, greedy, with `maxTokens` and `stop` set. */
async function openGreedy(app: App, target: Pick<Target, 'query'>, { maxTokens = 256, stop = '' } = {}) {
  await app.page.goto(`/${target.query(app)}`);
  await expect(app.status).toHaveAttribute('data-state', 'ready', { timeout: 600_000 });
  await app.settings({ temperature: 0, maxTokens, stop });
}

async function reply(app: App, text = 'hi') {
  await app.send(text);
  const content = await app.finishedReply();
  const article = app.lastReply();
  return {
    content,
    finish: await article.getAttribute('data-finish-reason'),
    prompt: Number(await article.getAttribute('data-prompt-tokens')),
    completion: Number(await article.getAttribute('data-completion-tokens')),
    cached: Number(await article.getAttribute('data-cached-tokens')),
  };
}

for (const target of TARGETS) {
  test.describe
    .serial(target.name, () => {
      test.setTimeout(target.expected ? 60_000 : 900_000);
      if (target.skip) console.warn(`\n⚠ ${target.name}: ${target.skip}\n`);
      test.skip(target.skip !== undefined, target.skip);
      let reference = target.expected ?? '';

      test('greedy replies are exact and repeatable, with usage', async ({ app }) => {
        await openGreedy(app, target);
        const first = await reply(app);
        if (target.expected) expect(first.content).toBe(target.expected);
        reference = first.content;
        expect(reference.length).toBeGreaterThan(10);
        expect(first.finish).toBe('stop');
        expect(first.prompt).toBeGreaterThan(0);
        expect(first.completion).toBeGreaterThan(0);
        await openGreedy(app, target);
        expect((await reply(app)).content).toBe(reference);
      });

      test('a JSON Schema reply (Settings → Advanced) parses and matches the schema', async ({ app }) => {
        await openGreedy(app, target);
        const schema = {
          type: 'object',
          properties: { answer: { enum: ['yes', 'no'] }, confidence: { type: 'integer', minimum: 0, maximum: 100 } },
          required: ['answer', 'confidence'],
          additionalProperties: false,
        };
        await app.settings({ json: true, schema: JSON.stringify(schema) });
        const { content, finish } = await reply(app, 'Is the sky blue? Answer in JSON.');
        expect(finish).toBe('stop');
        const value = JSON.parse(content) as { answer: string; confidence: number };
        expect(Object.keys(value).sort()).toEqual(['answer', 'confidence']);
        expect(['yes', 'no']).toContain(value.answer);
        expect(Number.isInteger(value.confidence) && value.confidence >= 0 && value.confidence <= 100).toBe(true);
      });

      test('max_tokens: 5 gives the first five tokens and finish_reason length', async ({ app }) => {
        await openGreedy(app, target, { maxTokens: 5 });
        const cut = await reply(app);
        expect(cut.finish).toBe('length');
        expect(cut.completion).toBe(5);
        expect(reference.startsWith(cut.content)).toBe(true);
        expect(cut.content.length).toBeLessThan(reference.length);
        if (target.expected) expect(cut.content).toBe(target.expected.slice(0, 5));
      });

      test('a stop sequence ends the reply just before it', async ({ app }) => {
        // A sequence from the middle of the reference that does not occur earlier.
        const at =
          [...Array(reference.length - 13).keys()].map((i) => i + 10).find((i) => reference.indexOf(reference.slice(i, i + 3)) === i) ?? 10;
        const stop = reference.slice(at, at + 3);
        await openGreedy(app, target, { stop });
        const stopped = await reply(app);
        expect(stopped.content).toBe(reference.slice(0, at));
        expect(stopped.finish).toBe('stop');
      });

      test('a follow-up reuses the previous turn; with reuse off it reads everything and says the same', async ({ app }) => {
        await openGreedy(app, target);
        const first = await reply(app);
        const second = await reply(app, 'and then?');
        expect(first.cached).toBe(0);
        expect(second.cached).toBeGreaterThan(first.prompt);
        expect(second.cached).toBeLessThan(second.prompt);
        // llama.cpp: the first prompt and its reply's 95 tokens (its closing <|end|> is never evaluated).
        if (target.expected) expect(second.cached).toBe(first.prompt + [...target.expected].length);
        await app.settings({ reuse: false });
        await app.lastReply().getByRole('button', { name: 'Regenerate' }).click();
        await app.finishedReply();
        const again = app.lastReply();
        await expect(again).toHaveAttribute('data-cached-tokens', '0');
        await expect(again).toHaveAttribute('data-prompt-tokens', String(second.prompt));
        expect(await again.getAttribute('data-source')).toBe(second.content);
      });

      test('Stop keeps a strict prefix, and the next reply completes', async ({ app }) => {
        await openGreedy(app, target);
        // Press Stop the moment the first text is on screen, as a quick user would.
        await app.page.evaluate(() => {
          const log = document.querySelector('[role=log]') as Element;
          const observer = new MutationObserver(() => {
            const text = [...log.querySelectorAll('article.assistant .content')].at(-1)?.textContent ?? '';
            if (!text) return;
            observer.disconnect();
            (window as unknown as { shownAtStop: number }).shownAtStop = text.length;
            ([...document.querySelectorAll('button')].find((b) => b.textContent === 'Stop') as HTMLButtonElement).click();
          });
          observer.observe(log, { subtree: true, childList: true, characterData: true });
        });
        const stopped = await reply(app);
        expect(stopped.finish).toBe('abort');
        await expect(app.lastReply()).toHaveAccessibleName('Assistant (stopped)');
        expect(stopped.content.length).toBeGreaterThan(0);
        expect(stopped.content.length).toBeLessThan(reference.length);
        expect(reference.startsWith(stopped.content)).toBe(true);
        // The engine stops within one token of the stop reaching it (counted in the worker, so the machine's load cannot blur it).
        await expect(app.lastReply()).toHaveAttribute('data-tokens-after-stop', /^[01]$/);
        // And nothing streams in after the reply is finished: the text shown is the text kept.
        const shownAtStop = await app.page.evaluate(() => (window as unknown as { shownAtStop: number }).shownAtStop);
        expect(stopped.content.length).toBeGreaterThanOrEqual(shownAtStop);
        await expect(app.stopButton).toBeDisabled();

        const next = await reply(app, 'again');
        expect(next.finish).toBe('stop');
        if (target.expected) expect(next.content).toBe(target.expected);
      });
    });
}

const { INPAGE_WEBLLM_VISION_URL: visionUrl, INPAGE_WEBLLM_VISION_LIB: visionLib } = process.env;

/** A picture attached in the app and asked about: every engine that sees must name its colour. */
const SEEING: (Omit<Target, 'expected'> & { expected: RegExp })[] = [
  {
    name: 'llama.cpp engine (tiny vision model)',
    query: (app) => `?model=${enc(app.models.url('/vision.gguf'))}&mmproj=${enc(app.models.url('/vision-mmproj.gguf'))}`,
    expected: /^red$/,
  },
  {
    name: 'web-llm engine (INPAGE_WEBLLM_VISION_URL, Phi-3.5-vision)',
    query: () => `?model=${enc(visionUrl ?? '')}&lib=${enc(visionLib ?? '')}`,
    expected: /\bred\b/i,
    skip:
      visionUrl && visionLib
        ? undefined
        : 'SKIPPED: set INPAGE_WEBLLM_VISION_URL (a Phi-3.5-vision MLC folder) and INPAGE_WEBLLM_VISION_LIB (its web-llm 0.2.86 library) to run the picture case on web-llm.',
  },
];

for (const target of SEEING) {
  test.describe(`${target.name}: a picture`, () => {
    test.setTimeout(target.skip === undefined && target.name.startsWith('web-llm') ? 900_000 : 60_000);
    if (target.skip) console.warn(`\n⚠ ${target.name}: ${target.skip}\n`);
    test.skip(target.skip !== undefined, target.skip);

    test('a red picture attached in the app is named, greedily', async ({ app }) => {
      await openGreedy(app, target);
      const red = (await app.page.evaluate(`(async () => {
        const canvas = new OffscreenCanvas(64, 64);
        const g = canvas.getContext('2d');
        g.fillStyle = '#ff0000';
        g.fillRect(0, 0, 64, 64);
        const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
        return [...bytes];
      })()`)) as number[];
      await app.page.getByLabel('Attach a picture…').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: Buffer.from(red) });
      const { content, finish } = await reply(app, 'What colour is this picture? Answer in one word.');
      expect(content).toMatch(target.expected);
      expect(finish).toBe('stop');
    });
  });
}
