/**
 * Follow-ups evaluate only what is new: llama.cpp keeps the previous prompt's KV cache and reuses the
 * longest common token prefix. The tiny model's tokenizer is known exactly (one token per character),
 * so every reused count is asserted to the token; a random-weight model, whose reply depends on the
 * whole conversation, shows that regenerating or editing with the cache gives what a full evaluation gives.
 */
import { promptTokenCount, SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { type App, expect, test } from './fixtures.ts';

/** Tokens of a finished reply that llama.cpp keeps: all but the last one sampled (<|end|>), which is never evaluated. */
const REPLY_TOKENS = [...SPELLED_TEXT].length;

type Turn = { role: 'user' | 'assistant'; content: string };

interface Figures {
  prompt: number;
  cached: number;
  text: string;
}

async function figures(app: App): Promise<Figures> {
  const text = await app.finishedReply();
  const reply = app.lastReply();
  return {
    text,
    prompt: Number(await reply.getAttribute('data-prompt-tokens')),
    cached: Number(await reply.getAttribute('data-cached-tokens')),
  };
}

/** Characters two texts share at the start: the tiny tokenizer's common token prefix of their contents. */
function commonStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

test('ten turns: each follow-up reuses exactly the previous prompt and reply, and says so under the reply', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await app.open();
  await app.ready();
  const history: Turn[] = [];
  const withReuse: Figures[] = [];
  for (let turn = 1; turn <= 10; turn++) {
    const question = `question ${turn}`;
    history.push({ role: 'user', content: question });
    await app.send(question);
    const f = await figures(app);
    expect(f.text).toBe(SPELLED_TEXT);
    expect(f.prompt).toBe(promptTokenCount(history));
    // Turn 1 has nothing to reuse; after that, everything up to the end of the previous reply.
    const previous = withReuse.at(-1);
    expect(f.cached, `turn ${turn}`).toBe(previous ? previous.prompt + REPLY_TOKENS : 0);
    withReuse.push(f);
    history.push({ role: 'assistant', content: f.text });
  }
  const last = withReuse.at(-1) as Figures;
  await expect(app.lastReply().locator('.meta')).toContainText(`${last.cached} of ${last.prompt} prompt tokens reused`);
  await expect(app.lastReply().locator('.meta')).toContainText(/prefill \d+(\.\d)? ?m?s/);

  // Regenerate: the same prompt, so all of it but the last token (evaluated again for its logits) is reused.
  await app.lastReply().getByRole('button', { name: 'Regenerate' }).click();
  const again = await figures(app);
  expect(again).toEqual({ text: SPELLED_TEXT, prompt: last.prompt, cached: last.prompt - 1 });

  // Edit the fifth question: only what precedes the first changed character is reused.
  const edited = 'question 5, edited';
  await page.getByRole('article', { name: 'You' }).nth(4).getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit your message' }).fill(edited);
  await page.getByRole('button', { name: 'Save and send' }).click();
  const afterEdit = await figures(app);
  const kept = history.slice(0, 8);
  expect(afterEdit.text).toBe(SPELLED_TEXT);
  expect(afterEdit.prompt).toBe(promptTokenCount([...kept, { role: 'user', content: edited }]));
  // BOS and the four kept turns, then <|user|> "\n" and the shared start of the old and new question.
  expect(afterEdit.cached).toBe(promptTokenCount(kept) + commonStart('question 5', edited));

  // The same ten turns with reuse off: every prompt read in full, and the same replies.
  await app.settings({ reuse: false });
  await page.getByRole('button', { name: 'New chat' }).click();
  for (let turn = 1; turn <= 10; turn++) {
    await app.send(`question ${turn}`);
    const f = await figures(app);
    expect(f, `turn ${turn} without reuse`).toEqual({ ...withReuse[turn - 1], cached: 0 });
  }
});

test('a reply that depends on the whole conversation is the same with the cache as without, after regenerate and edit', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await app.open('/chatter.gguf');
  await app.ready();
  await app.settings({ temperature: 0, maxTokens: 12 });

  /** Asks four questions, regenerates the last reply and edits the second question; returns every reply and reuse. */
  async function conversation(): Promise<Figures[]> {
    const seen: Figures[] = [];
    for (const q of ['what is here', 'and then', 'tell me more', 'why']) {
      await app.send(q);
      seen.push(await figures(app));
    }
    await app.lastReply().getByRole('button', { name: 'Regenerate' }).click();
    seen.push(await figures(app));
    await page.getByRole('article', { name: 'You' }).nth(1).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit your message' }).fill('and after that');
    await page.getByRole('button', { name: 'Save and send' }).click();
    seen.push(await figures(app));
    return seen;
  }

  const cached = await conversation();
  // Reuse really happened (else the comparison proves nothing): follow-ups, the regenerated and the edited reply.
  for (const [i, f] of cached.entries()) if (i > 0) expect(f.cached, `reply ${i + 1}`).toBeGreaterThan(0);
  expect(cached[4]?.cached).toBe((cached[4]?.prompt ?? 0) - 1);
  // And the model does answer from context: its replies differ from one question to the next.
  expect(new Set(cached.slice(0, 4).map((f) => f.text)).size).toBeGreaterThan(1);

  await app.settings({ reuse: false });
  await page.getByRole('button', { name: 'New chat' }).click();
  const full = await conversation();
  expect(full.map((f) => f.cached)).toEqual([0, 0, 0, 0, 0, 0]);
  expect(full.map((f) => f.text)).toEqual(cached.map((f) => f.text));
  expect(full.map((f) => f.prompt)).toEqual(cached.map((f) => f.prompt));
});
