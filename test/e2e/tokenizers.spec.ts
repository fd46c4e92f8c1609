/**
 * JSON, schemas, tools, stop sequences, usage and the prompt cache on the tokenizer of each real GGUF
 * family (tokenizer-families.ts): SentencePiece with the space prefix (Phi-3, Phi-3.5, whose files
 * leave the key out), byte-level BPE (Llama 3.1, Qwen2.5, SmolLM2, NeMo's tekken). Real llama.cpp
 * inference on the spelling model written with each family's metadata, through the library and the app.
 */
import Ajv from 'ajv';
import type { StaticServer } from '../fixtures/static-server.ts';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { REAL_FAMILIES } from '../fixtures/tokenizer-families.ts';
import { expect, test } from './fixtures.ts';
import { openLibrary, startLibrarySite } from './library-page.ts';
import { ADD, PICK } from './structured-requests.ts';

const ajv = new Ajv({ strict: false });

const UNIT = {
  type: 'function',
  function: { name: 'unit', parameters: { type: 'object', properties: { to: { enum: ['km', 'mi'] } }, required: ['to'] } },
};

interface Choice {
  message: { content: string | null; tool_calls?: { type: string; function: { name: string; arguments: string } }[] };
  finish_reason: string;
}
interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}
interface Results {
  schema: Choice;
  object: Choice;
  required: Choice;
  named: Choice;
  auto: Choice;
  none: Choice;
  stopped: Choice;
  cut: { choice: Choice; usage: Usage };
  first: Usage;
  repeat: Usage;
  followUp: Usage;
}

/**
 * What greedy decoding writes under the grammar where the script's next token is not allowed: the
 * model's leaning (tiny-model.ts) decides brackets and spaces, token ids break the remaining ties, so
 * the letters and digits differ with each vocabulary's order.
 */
const GREEDY: Record<string, { pick: string; add: string }> = {
  'phi3-mini': { pick: '{"letter":"B","count":4}', add: '{"a":12,"b":12}' },
  'phi35-mini': { pick: '{"letter":"B","count":4}', add: '{"a":12,"b":12}' },
  llama31: { pick: '{"letter":"A","count":7}', add: '{"a":56,"b":56}' },
  qwen25: { pick: '{"letter":"A","count":7}', add: '{"a":56,"b":56}' },
  smollm2: { pick: '{"letter":"B","count":4}', add: '{"a":67,"b":67}' },
  nemo: { pick: '{"letter":"B","count":7}', add: '{"a":34,"b":34}' },
};

/** Every case, one after the other on one loaded model. */
const CASES = `
  const ask = (content) => [{ role: 'user', content }];
  const chat = (request) => rt.chat.completions.create({ temperature: 0, ...request });
  const [pick, add, unit] = args;
  const schema = await chat({ messages: ask('pick'), response_format: { type: 'json_schema', json_schema: { name: 'pick', schema: pick, strict: true } } });
  const object = await chat({ messages: ask('hi'), response_format: { type: 'json_object' } });
  const required = await chat({ messages: ask('What is 2 + 3?'), tools: [add, unit], tool_choice: 'required' });
  const named = await chat({ messages: ask('km or mi?'), tools: [add, unit], tool_choice: { type: 'function', function: { name: 'unit' } } });
  const auto = await chat({ messages: ask('What is 2 + 3?'), tools: [add] });
  const none = await chat({ messages: ask('What is 2 + 3?'), tools: [add], tool_choice: 'none' });
  const stopped = await chat({ messages: ask('hi'), stop: ['K'] });
  const cut = await chat({ messages: ask('hi'), max_tokens: 10 });
  const long = ask('Tell me everything you know about it. '.repeat(8));
  const first = await chat({ messages: long, max_tokens: 10 });
  const repeat = await chat({ messages: long, max_tokens: 10 });
  const followUp = await chat({ messages: [...long, first.choices[0].message, ...ask('again')], max_tokens: 10 });
  return { schema: schema.choices[0], object: object.choices[0], required: required.choices[0], named: named.choices[0],
    auto: auto.choices[0], none: none.choices[0], stopped: stopped.choices[0], cut: { choice: cut.choices[0], usage: cut.usage },
    first: first.usage, repeat: repeat.usage, followUp: followUp.usage };`;

test.describe('the library on every tokenizer family', () => {
  let site: StaticServer;
  test.beforeAll(async () => {
    site = await startLibrarySite();
  });
  test.afterAll(() => site?.close());

  for (const family of REAL_FAMILIES) {
    test(`${family}: json_schema, json_object, tools (required, named, auto, none), stop, usage and the prompt cache`, async ({ app }) => {
      const run = await openLibrary(app.page, site.url, { model: app.models.url(`/family/${family}.gguf`) });
      const r = (await run(CASES, PICK, ADD, UNIT)) as Results;

      const greedy = GREEDY[family] as { pick: string; add: string };
      expect(r.schema.message.content).toBe(greedy.pick);
      expect(r.schema.finish_reason).toBe('stop');
      expect(ajv.validate(PICK, JSON.parse(r.schema.message.content ?? ''))).toBe(true);
      expect(JSON.parse(r.object.message.content ?? '')).toEqual({});

      const [call] = r.required.message.tool_calls ?? [];
      expect(r.required.finish_reason).toBe('tool_calls');
      expect(r.required.message.content).toBeNull();
      expect(call).toMatchObject({ type: 'function', function: { name: 'unit', arguments: '{"to":"mi"}' } });
      expect(ajv.validate(UNIT.function.parameters, JSON.parse(call?.function.arguments ?? ''))).toBe(true);

      const [named] = r.named.message.tool_calls ?? [];
      expect(r.named.finish_reason).toBe('tool_calls');
      expect(named?.function.name).toBe('unit');
      expect(ajv.validate(UNIT.function.parameters, JSON.parse(named?.function.arguments ?? ''))).toBe(true);

      // "auto": the protocol lets the model call or answer in words; this one calls.
      expect(r.auto.finish_reason).toBe('tool_calls');
      expect(r.auto.message.tool_calls?.[0]?.function).toEqual({ name: 'add', arguments: greedy.add });
      expect(ajv.validate(ADD.function.parameters, JSON.parse(greedy.add))).toBe(true);

      expect(r.none).toEqual({ index: 0, message: { role: 'assistant', content: SPELLED_TEXT }, finish_reason: 'stop' });
      expect(r.stopped.message.content).toBe('ABCDEFGHIJ');
      expect(r.stopped.finish_reason).toBe('stop');

      expect(r.cut.choice.message.content).toBe('ABCDEFGHIJ');
      expect(r.cut.choice.finish_reason).toBe('length');
      expect(r.cut.usage.completion_tokens).toBe(10);
      expect(r.cut.usage.total_tokens).toBe(r.cut.usage.prompt_tokens + 10);

      // The same prompt again is all reused but its last token; a follow-up reuses at least the first turn's prompt.
      expect(r.repeat.prompt_tokens).toBe(r.first.prompt_tokens);
      expect(r.repeat.prompt_tokens_details.cached_tokens).toBe(r.first.prompt_tokens - 1);
      expect(r.followUp.prompt_tokens).toBeGreaterThan(r.first.prompt_tokens + 10);
      expect(r.followUp.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(r.first.prompt_tokens);
      expect(r.followUp.prompt_tokens_details.cached_tokens).toBeLessThan(r.followUp.prompt_tokens);
    });
  }
});

test('in the app, JSON by schema on every tokenizer family: the reply is exact and valid', async ({ app }) => {
  test.setTimeout(120_000);
  await app.open(`/family/${REAL_FAMILIES[0]}.gguf`);
  await app.ready();
  await app.settings({ temperature: 0, json: true, schema: JSON.stringify(PICK) });
  for (const family of REAL_FAMILIES) {
    await app.open(`/family/${family}.gguf`);
    await app.ready();
    await app.send('pick');
    const reply = await app.finishedReply();
    expect(reply, family).toBe(GREEDY[family]?.pick);
    expect(ajv.validate(PICK, JSON.parse(reply)), family).toBe(true);
    await expect(app.lastReply().locator('pre.json')).toHaveText(JSON.stringify(JSON.parse(reply), null, 2));
  }
  // Any JSON object, on the first family again.
  await app.settings({ schema: '' });
  await app.open(`/family/${REAL_FAMILIES[0]}.gguf`);
  await app.ready();
  await app.send('hi');
  expect(JSON.parse(await app.finishedReply())).toEqual({});
});

test('in the app, a schema the local engine cannot guarantee is refused by name, and the same request can go to the cloud', async ({
  app,
  cloud,
}) => {
  const pattern = { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } }, required: ['code'] };
  await app.open(`/family/${REAL_FAMILIES[0]}.gguf`);
  await app.ready();
  await app.setUpCloud(cloud.baseURL, { key: `sk-inpage-e2e-${Date.now().toString(36)}` });
  await app.settings({ temperature: 0, json: true, schema: JSON.stringify(pattern) });
  await app.send('a code');
  const failed = app.lastReply();
  await expect(failed.getByRole('alert')).toContainText('llama.cpp cannot guarantee the JSON Schema feature "pattern"');
  expect(cloud.requests, 'offered, never sent unasked').toEqual([]);
  await failed.getByRole('button', { name: `Ask gpt-4o-mini in the cloud (${new URL(cloud.baseURL).host})` }).click();
  const consent = app.consent();
  await expect(consent).toContainText('"pattern"');
  await consent.getByRole('button', { name: 'Send to the cloud' }).click();
  await expect(app.lastReply()).toHaveAttribute('data-engine', 'cloud');
  await expect(app.replies()).toHaveCount(1);
  // The reply is marked "cloud" as the request leaves; the server records it once it has arrived.
  await app.finishedReply();
  const sent = cloud.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions');
  expect(sent).toHaveLength(1);
  expect(JSON.parse(sent[0]?.body ?? '{}').response_format).toEqual({
    type: 'json_schema',
    json_schema: { name: 'reply', schema: pattern, strict: true },
  });
});
