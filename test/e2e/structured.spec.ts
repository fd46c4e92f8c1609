/**
 * response_format and tools through the library, on the tiny GGUF (real llama.cpp inference under a
 * grammar, so the text is exact) and on the loopback OpenAI server; then examples/structured, built
 * by its own Vite as a user would, answering on the local model.
 */
import Ajv from 'ajv';
import { buildConsumer } from '../fixtures/consumer-build.ts';
import type { StaticServer } from '../fixtures/static-server.ts';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';
import { openLibrary, startLibrarySite } from './library-page.ts';
import { ADD, PICK } from './structured-requests.ts';

const ajv = new Ajv({ strict: false });

test.describe('the library: JSON and tools on the local engine and the cloud', () => {
  let site: StaticServer;
  test.beforeAll(async () => {
    site = await startLibrarySite();
  });
  test.afterAll(() => site?.close());

  const open = (page: import('@playwright/test').Page, options: Record<string, unknown>) => openLibrary(page, site.url, options);

  test('a strict json_schema reply parses, validates, and is exactly what greedy decoding under the grammar writes', async ({ app }) => {
    const run = await open(app.page, { model: app.models.url('/tiny.gguf') });
    const result = (await run(
      `const r = await rt.chat.completions.create({ messages: [{ role: 'user', content: 'pick' }], temperature: 0,
         response_format: { type: 'json_schema', json_schema: { name: 'pick', schema: args[0], strict: true } } });
       const o = await rt.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }], temperature: 0, response_format: { type: 'json_object' } });
       const t = await rt.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }], temperature: 0, response_format: { type: 'text' } });
       return { schema: r.choices[0], object: o.choices[0].message.content, text: t.choices[0].message.content };`,
      PICK,
    )) as { schema: { message: { content: string }; finish_reason: string }; object: string; text: string };
    // Unconstrained, the model spells the alphabet; under the grammar, every token is the best one the schema allows.
    expect(result.schema.message.content).toBe('{ "letter" : "B", "count" :8 }');
    expect(result.schema.finish_reason).toBe('stop');
    expect(ajv.validate(PICK, JSON.parse(result.schema.message.content))).toBe(true);
    expect(result.object).toBe('{}');
    expect(result.text).toBe(SPELLED_TEXT);
  });

  test('tool_choice "required" gives a schema-valid call, streamed as deltas; "none" gives text; the loop answers', async ({ app }) => {
    const run = await open(app.page, { model: app.models.url('/tiny.gguf') });
    const result = (await run(
      `const tools = [args[0]];
       const ask = [{ role: 'user', content: 'What is 2 + 3?' }];
       const whole = await rt.chat.completions.create({ messages: ask, tools, tool_choice: 'required', temperature: 0 });
       const deltas = [];
       let finish = null;
       for await (const chunk of await rt.chat.completions.create({ messages: ask, tools, tool_choice: 'required', temperature: 0, stream: true })) {
         deltas.push(...(chunk.choices[0].delta.tool_calls ?? []));
         finish = chunk.choices[0].finish_reason ?? finish;
       }
       const none = await rt.chat.completions.create({ messages: ask, tools, tool_choice: 'none', temperature: 0 });
       const call = whole.choices[0].message.tool_calls[0];
       const { a, b } = JSON.parse(call.function.arguments);
       const answer = await rt.chat.completions.create({
         messages: [...ask, whole.choices[0].message, { role: 'tool', tool_call_id: call.id, content: String(a + b) }],
         tools, tool_choice: 'none', temperature: 0 });
       return { whole: whole.choices[0], deltas, finish, none: none.choices[0], answer: answer.choices[0].message.content,
                promptTokens: [whole.usage.prompt_tokens, none.usage.prompt_tokens, answer.usage.prompt_tokens] };`,
      ADD,
    )) as {
      whole: {
        message: { content: null; tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[] };
        finish_reason: string;
      };
      deltas: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
      finish: string;
      none: { message: { content: string; tool_calls?: unknown }; finish_reason: string };
      answer: string;
      promptTokens: number[];
    };
    const [call] = result.whole.message.tool_calls;
    expect(result.whole.finish_reason).toBe('tool_calls');
    expect(result.whole.message.content).toBeNull();
    expect(result.whole.message.tool_calls).toHaveLength(1);
    expect(call).toMatchObject({ type: 'function', function: { name: 'add', arguments: '{ "a" : 34, "b" : 34 }' } });
    expect(call?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(ajv.validate(ADD.function.parameters, JSON.parse(call?.function.arguments ?? ''))).toBe(true);
    // Streamed: the call's id and name first, then its arguments in pieces that add up to the same JSON.
    expect(result.finish).toBe('tool_calls');
    expect(result.deltas[0]).toMatchObject({ index: 0, function: { name: 'add' } });
    expect(result.deltas.filter((d) => d.id)).toHaveLength(1);
    expect(result.deltas.length).toBeGreaterThan(5);
    expect(result.deltas.map((d) => d.function?.arguments ?? '').join('')).toBe(call?.function.arguments);
    expect(result.none).toEqual({ index: 0, message: { role: 'assistant', content: SPELLED_TEXT }, finish_reason: 'stop' });
    expect(result.answer).toBe(SPELLED_TEXT);
    // The tools are described to the model only when it may call them.
    expect(result.promptTokens[0]).toBeGreaterThan(result.promptTokens[1] as number);
  });

  test('what the local engine cannot guarantee, and a malformed tool loop, are refused by name', async ({ app }) => {
    const run = await open(app.page, { model: app.models.url('/tiny.gguf') });
    const errors = (await run(
      `const attempt = (request) => rt.chat.completions.create({ temperature: 0, messages: [{ role: 'user', content: 'hi' }], ...request })
         .then(() => 'sent', (e) => ({ name: e.name, code: e.code, details: e.details, message: e.message, typed: e instanceof lib.InPageError }));
       return [
         await attempt({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'string', pattern: '^a+$' } } } }),
         await attempt({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', required: 'a' } } } }),
         await attempt({ tools: [{ type: 'function', function: { name: 'add two' } }] }),
         await attempt({ messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'call_x', content: '5' }] }),
         await attempt({ tools: [args[0]], response_format: { type: 'json_object' } }),
       ];`,
      ADD,
    )) as { name: string; code: string; details: Record<string, unknown>; message: string; typed: boolean }[];
    expect(errors[0]).toMatchObject({
      name: 'UnsupportedFeatureError',
      code: 'UNSUPPORTED_FEATURE',
      typed: true,
      details: { feature: 'pattern', engine: 'llama.cpp' },
    });
    expect(errors[0]?.message).toContain('llama.cpp cannot guarantee the JSON Schema feature "pattern"');
    expect(errors[1]).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('required is a list of property names'),
    });
    expect(errors[2]).toMatchObject({ name: 'InvalidRequestError', message: expect.stringContaining('Tool 1 is named "add two"') });
    expect(errors[3]).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('answers tool call "call_x", which no earlier assistant message made'),
    });
    expect(errors[4]).toMatchObject({ name: 'UnsupportedFeatureError', details: { feature: 'tools with response_format' } });
    // Refused before anything ran: the model still answers the next request.
    expect(
      await run(
        `return (await rt.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }], temperature: 0, max_tokens: 3 })).choices[0].message.content;`,
      ),
    ).toBe('ABC');
  });

  test('the cloud gets response_format and tools as OpenAI takes them; split tool-call deltas stream through', async ({ app, cloud }) => {
    cloud.toolCalls = [{ name: 'add', arguments: '{"a": 2, "b": 3}' }];
    const run = await open(app.page, { model: 'cloud', cloud: { baseURL: cloud.baseURL } });
    const result = (await run(
      `const deltas = [];
       let finish = null;
       for await (const chunk of await rt.chat.completions.create({ messages: [{ role: 'user', content: '2 + 3?' }], tools: [args[0]], tool_choice: 'required', stream: true })) {
         deltas.push(...(chunk.choices[0].delta.tool_calls ?? []));
         finish = chunk.choices[0].finish_reason ?? finish;
       }
       const json = await rt.chat.completions.create({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'pick', schema: args[1], strict: true } } });
       return { deltas, finish, json: json.choices[0].message.content };`,
      ADD,
      PICK,
    )) as { deltas: { index: number; id?: string; function?: { name?: string; arguments?: string } }[]; finish: string };
    expect(result.finish).toBe('tool_calls');
    expect(result.deltas[0]).toMatchObject({ index: 0, id: expect.stringMatching(/^call_test/), function: { name: 'add' } });
    expect(result.deltas.map((d) => d.function?.arguments ?? '').join('')).toBe('{"a": 2, "b": 3}');
    const [toolRequest, jsonRequest] = cloud.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
    expect(toolRequest).toMatchObject({ tools: [ADD], tool_choice: 'required' });
    expect(jsonRequest.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'pick', schema: PICK, strict: true } });
  });
});

test('in the app: Settings → Advanced asks for JSON by schema; the reply is exact, shown as JSON, and kept; a bad schema is refused by name', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await app.ready();
  // Greedy: under the grammar many tokens tie, and at the default temperature the pick among them is random.
  await app.settings({ temperature: 0, json: true, schema: JSON.stringify(PICK) });
  await app.send('pick');
  expect(await app.finishedReply()).toBe('{ "letter" : "B", "count" :8 }');
  // Shown as JSON, indented, not as Markdown.
  await expect(app.lastReply().locator('pre.json')).toHaveText(JSON.stringify({ letter: 'B', count: 8 }, null, 2));
  await app.page.reload();
  await app.ready();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /pick/ }).click();
  await expect(app.lastReply().locator('pre.json')).toHaveText(JSON.stringify({ letter: 'B', count: 8 }, null, 2));

  // Not JSON: the box says so as it is typed, and a send is refused before anything runs; the question stays.
  await app.settings({ schema: '{"type": "object",' });
  await app.send('again');
  await expect(app.lastReply().getByRole('alert')).toContainText(
    'The JSON Schema in Settings → Advanced cannot be used. This is not valid JSON',
  );
  await expect(page.getByRole('article', { name: 'You' }).last()).toContainText('again');

  // A keyword llama.cpp cannot enforce: refused by name, not ignored.
  await app.settings({ schema: JSON.stringify({ type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } } }) });
  await app.page.getByRole('button', { name: 'Regenerate' }).last().click();
  await expect(app.lastReply().getByRole('alert')).toContainText('llama.cpp cannot guarantee the JSON Schema feature "pattern"');

  // Off again: plain text, as before.
  await app.settings({ json: false });
  await app.page.getByRole('button', { name: 'Regenerate' }).last().click();
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.lastReply().locator('pre.json')).toHaveCount(0);
});

test.describe('examples/structured on the local model', () => {
  let site: StaticServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    site = await buildConsumer('examples/structured');
  });
  test.afterAll(() => site?.close());

  test('a question becomes a schema-valid query that runs over the table, and a tool call is run and answered', async ({ app }) => {
    const { page } = app;
    await page.goto(`${site.url}?model=${encodeURIComponent(app.models.url('/tiny.gguf'))}`);
    await page.getByRole('button', { name: 'Ask' }).first().click();
    const json = page.locator('#sql-json');
    await expect(json).not.toBeEmpty({ timeout: 30_000 });
    const query = JSON.parse((await json.textContent()) ?? '');
    // Greedy decoding under the grammar: the same JSON every time, and the SQL the page makes of it.
    expect(query).toEqual({
      columns: ['population'],
      where: { column: 'population', op: '=', value: 789 },
      order_by: null,
      descending: true,
      limit: 8,
    });
    expect(await page.locator('#sql-text').textContent()).toMatch(
      /^SELECT [a-z_, ]+ FROM cities( WHERE .+)?( ORDER BY [a-z_]+( DESC)?)? LIMIT \d+;$/,
    );
    expect(query.columns.length).toBeGreaterThan(0);
    // What the query selects, run over the page's own rows (a table with no match says so).
    const result = page.locator('#sql-result');
    await expect(result.locator('th')).toHaveText(query.columns);
    const matches = await result.locator('tbody tr').count();
    expect(matches).toBeLessThanOrEqual(query.limit);
    if (matches === 0) await expect(result.locator('caption')).toHaveText('No city matches.');
    await expect(page.getByRole('status')).toHaveText(/on llama\.cpp/);

    await page.getByRole('button', { name: 'Ask' }).last().click();
    const step = page.locator('#tool-log li');
    await expect(step).toHaveCount(1, { timeout: 30_000 });
    await expect(step).toHaveText(/^convert\(\{.*"from" : "[a-z]+".*\}\) → /);
    await expect(page.locator('#tool-answer')).toHaveText(SPELLED_TEXT);
  });
});
