import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloud } from '../../src/lib/cloud.ts';
import { createEvents } from '../../src/lib/events.ts';
import { type CloudDecision, type CloudFacts, decideCloud } from '../../src/runtime/cloud/cloud-decision.ts';
import { WorkerCrashedError } from '../../src/runtime/errors.ts';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';

/**
 * The table as the README states it. Columns: policy, purpose, key saved, unseen passages, agreed
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
      onFallback: canAsk ? async (q: { purpose: string }) => (asked.push(q.purpose), yes) : undefined,
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
