import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloud } from '../../src/lib/cloud.ts';
import { createEvents } from '../../src/lib/events.ts';
import { CloudEngine } from '../../src/runtime/page/engines/cloud/cloud-engine.ts';
import { cloudModelSpec } from '../../src/runtime/page/engines/cloud/endpoint.ts';
import { type CloudDecision, type CloudFacts, decideCloud } from '../../src/runtime/page/session/cloud-decision.ts';
import { type CloudRouteOptions, createCloudRoute } from '../../src/runtime/page/session/cloud-route.ts';
import type { Passage } from '../../src/runtime/shared/documents/types.ts';
import { WorkerCrashedError } from '../../src/runtime/shared/errors/errors.ts';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';

/**
 * The table as docs/architecture.md states it. Columns: policy, purpose, key saved, unseen passages, agreed
 * before, a way to ask → decision. `*` is any value.
 */
const TABLE: [CloudFacts['policy'] | '*', CloudFacts['purpose'] | '*', string, string, string, string, CloudDecision][] = [
  ['never', '*', '*', '*', '*', '*', 'refuse'],
  ['always', 'fallback', 'yes', 'no', '*', '*', 'send'],
  ['*', '*', '*', 'no', 'yes', '*', 'send'],
  ['always', 'fallback', 'no', 'no', 'no', 'yes', 'ask'],
  ['always', 'compare', '*', 'no', 'no', 'yes', 'ask'],
  ['always', 'chosen', '*', 'no', 'no', 'yes', 'ask'],
  ['ask', '*', '*', 'no', 'no', 'yes', 'ask'],
  ['*', '*', '*', 'yes', '*', 'yes', 'ask'],
  ['*', '*', '*', '*', '*', 'no', 'refuse'],
];

const POLICIES = ['never', 'ask', 'always'] as const;
const PURPOSES = ['fallback', 'compare', 'chosen'] as const;
const BOOLS = [false, true];

/** The first row that matches, as a table is read. */
function expected(f: CloudFacts): CloudDecision {
  const yes = (cell: string, value: boolean) => cell === '*' || (cell === 'yes') === value;
  const row = TABLE.find(
    ([policy, purpose, key, unseen, agreed, canAsk]) =>
      (policy === '*' || policy === f.policy) &&
      (purpose === '*' || purpose === f.purpose) &&
      yes(key, f.keySaved) &&
      yes(unseen, f.unseenPassages) &&
      yes(agreed, f.agreed) &&
      yes(canAsk, f.canAsk),
  );
  if (!row) throw new Error(`no row for ${JSON.stringify(f)}`);
  return row[6];
}

describe('the cloud decision table', () => {
  const all: CloudFacts[] = POLICIES.flatMap((policy) =>
    PURPOSES.flatMap((purpose) =>
      BOOLS.flatMap((keySaved) =>
        BOOLS.flatMap((unseenPassages) =>
          BOOLS.flatMap((agreed) => BOOLS.map((canAsk) => ({ policy, purpose, keySaved, unseenPassages, agreed, canAsk }))),
        ),
      ),
    ),
  );

  it.each(all.map((f) => [JSON.stringify(f), f] as const))('%s', (_, facts) => {
    expect(decideCloud(facts)).toBe(expected(facts));
  });

  it('covers every combination of the facts (144), and never sends a passage the user has not seen', () => {
    expect(all).toHaveLength(144);
    expect(all.filter((f) => f.unseenPassages && decideCloud(f) === 'send')).toEqual([]);
    expect(all.filter((f) => f.policy === 'never' && decideCloud(f) !== 'refuse')).toEqual([]);
  });
});

/**
 * The library's path follows the same table: its facts are fixed (the developer gives the key; it
 * cannot know which passages a user saw; it remembers no agreement), and each decision is observed
 * at a real loopback OpenAI server: sent, asked (and sent only on a yes), or refused with nothing sent.
 */
describe('the library follows the table', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  const request = { model: 'local', messages: [{ role: 'user' as const, content: 'hi' }] };
  const local = new WorkerCrashedError('the engine stopped');

  const cases = POLICIES.flatMap((policy) =>
    (['fallback', 'compare'] as const).flatMap((purpose) =>
      BOOLS.flatMap((canAsk) => BOOLS.map((yes) => ({ policy, purpose, canAsk, yes }))),
    ),
  );

  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', async (_, { policy, purpose, canAsk, yes }) => {
    const asked: string[] = [];
    const options = {
      fallback: policy,
      cloud: { baseURL: server.baseURL, apiKey: 'sk-test' },
      onFallback: canAsk
        ? async (q: { purpose: string }) => {
            asked.push(q.purpose);
            return yes;
          }
        : undefined,
    };
    const cloud = createCloud(options, createEvents());
    const before = server.requests.filter((r) => r.method === 'POST').length;
    const run = purpose === 'fallback' ? cloud.fallBack(local, request, () => {}, undefined) : cloud.compare(request, () => {}, undefined);
    const outcome = await run.then(
      () => 'sent',
      () => 'not sent',
    );
    const sent = server.requests.filter((r) => r.method === 'POST').length - before;
    // The facts the library has; `compare()` with no fallback setting counts as "ask" (see lib/cloud.ts).
    const decision = decideCloud({ policy, purpose, keySaved: true, unseenPassages: false, agreed: false, canAsk });
    expect(asked).toEqual(decision === 'ask' ? [purpose] : []);
    const shouldSend = decision === 'send' || (decision === 'ask' && yes);
    expect(outcome).toBe(shouldSend ? 'sent' : 'not sent');
    expect(sent).toBe(shouldSend ? 1 : 0);
  });
});

/**
 * The app's path: the session's cloud route with what the app gives it (a saved key or not, the
 * passages each conversation saw, what it agreed to before, the dialog as the way to ask). Every
 * combination of the facts is set up for real (an earlier "yes" makes "agreed", a new passage makes
 * "unseen") and observed at the loopback server.
 */
describe('the session cloud route (the app) follows the table', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  const passage = (chunk: number): Passage => ({
    documentId: 'd',
    name: 'notes.txt',
    chunk,
    text: `p${chunk}`,
    start: 0,
    end: 2,
    score: 1,
  });
  const messages = [{ role: 'user' as const, content: 'hi' }];
  const all = POLICIES.flatMap((policy) =>
    PURPOSES.flatMap((purpose) =>
      BOOLS.flatMap((keySaved) =>
        BOOLS.flatMap((unseenPassages) =>
          BOOLS.flatMap((agreed) => BOOLS.map((canAsk) => ({ policy, purpose, keySaved, unseenPassages, agreed, canAsk }))),
        ),
      ),
    ),
  );

  it.each(all.map((f) => [JSON.stringify(f), f] as const))('%s', async (_, facts) => {
    const asked: string[] = [];
    const options: CloudRouteOptions = {
      engine: new CloudEngine({ keyFor: async () => 'sk-test' }),
      spec: () => cloudModelSpec(server.baseURL),
      policy: () => facts.policy,
      keySaved: async () => facts.keySaved,
      ask: async (q) => {
        asked.push(q.purpose);
        return true;
      },
    };
    const route = createCloudRoute(options);
    // "agreed": the person said yes to this conversation before, with passage 1 listed.
    if (facts.agreed)
      await route.consent({ conversation: 'c', messages, passages: [passage(1)], reason: null, purpose: 'chosen', policy: 'ask' });
    asked.length = 0;
    if (!facts.canAsk) delete options.ask;
    const passages = facts.agreed ? [passage(1)] : [];
    if (facts.unseenPassages) passages.push(passage(2));
    const outcome = await route.consent({ conversation: 'c', messages, passages, reason: null, purpose: facts.purpose });
    const before = server.requests.filter((r) => r.method === 'POST').length;
    if (outcome === 'allowed') await route.send({ messages });
    const sent = server.requests.filter((r) => r.method === 'POST').length - before;
    const decision = decideCloud(facts);
    expect(asked).toEqual(decision === 'ask' ? [facts.purpose] : []);
    expect(outcome).toBe(decision === 'refuse' ? 'refused' : 'allowed');
    expect(sent).toBe(decision === 'refuse' ? 0 : 1);
  });

  it('asks again for a conversation on a new endpoint, and for another conversation', async () => {
    const asked: string[] = [];
    const route = createCloudRoute({
      engine: new CloudEngine({ keyFor: async () => 'sk-test' }),
      spec: () => cloudModelSpec(server.baseURL),
      policy: () => 'ask',
      keySaved: async () => true,
      ask: async (q) => {
        asked.push(q.host);
        return true;
      },
    });
    const ask = (conversation: string) => route.consent({ conversation, messages, reason: null, purpose: 'chosen' });
    expect([await ask('a'), await ask('a')]).toEqual(['allowed', 'allowed']);
    expect(asked).toHaveLength(1);
    await ask('b');
    expect(asked).toHaveLength(2);
    route.forgetConsent();
    await ask('a');
    expect(asked).toHaveLength(3);
  });

  it('a stop while the question is open ends the request at once, and nothing is sent', async () => {
    const route = createCloudRoute({
      engine: new CloudEngine({ keyFor: async () => 'sk-test' }),
      spec: () => cloudModelSpec(server.baseURL),
      policy: () => 'ask',
      keySaved: async () => true,
      ask: () => new Promise<boolean>(() => {}), // never answered
    });
    const controller = new AbortController();
    const pending = route.consent({ conversation: 'c', messages, reason: null, purpose: 'chosen' }, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
