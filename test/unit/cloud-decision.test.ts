import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudSetupOf } from '../../src/lib/cloud.ts';
import { CloudEngine } from '../../src/runtime/page/engines/cloud/cloud-engine.ts';
import { cloudModelSpec } from '../../src/runtime/page/engines/cloud/endpoint.ts';
import { type CloudDecision, type CloudFacts, decideCloud } from '../../src/runtime/page/session/cloud-decision.ts';
import { type CloudSetup, createCloudRoute } from '../../src/runtime/page/session/cloud-route.ts';
import type { Passage } from '../../src/runtime/shared/documents/types.ts';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';

/**
 * The table as docs/architecture.md states it, read top to bottom: the first row that matches decides.
 * Columns: purpose, policy, key saved, unseen passages, agreed before, a way to ask, can offer, standing → decision.
 */
type Cell = 'yes' | 'no' | '*';
const TABLE: [CloudFacts['purpose'] | '*', CloudFacts['policy'] | '*', Cell, Cell, Cell, Cell, Cell, Cell, CloudDecision][] = [
  ['configured', '*', '*', '*', '*', '*', '*', '*', 'send'],
  ['*', 'never', '*', '*', '*', '*', '*', '*', 'refuse'],
  ['*', '*', '*', 'yes', '*', 'yes', '*', '*', 'ask'],
  ['*', '*', '*', 'yes', '*', 'no', '*', '*', 'refuse'],
  ['compare', '*', '*', '*', '*', 'yes', '*', '*', 'ask'],
  ['compare', '*', '*', '*', '*', 'no', '*', '*', 'refuse'],
  ['*', '*', '*', '*', 'yes', '*', '*', '*', 'send'],
  ['fallback', 'always', 'yes', '*', '*', '*', '*', 'yes', 'send'],
  ['fallback', 'ask', '*', '*', '*', '*', 'yes', '*', 'offer'],
  ['*', '*', '*', '*', '*', 'yes', '*', '*', 'ask'],
  ['*', '*', '*', '*', '*', 'no', '*', '*', 'refuse'],
];

const POLICIES = ['never', 'ask', 'always'] as const;
const PURPOSES = ['fallback', 'compare', 'chosen', 'configured'] as const;
const BOOLS = [false, true];

function expected(f: CloudFacts): CloudDecision {
  const yes = (cell: Cell, value: boolean) => cell === '*' || (cell === 'yes') === value;
  const row = TABLE.find(
    ([purpose, policy, key, unseen, agreed, canAsk, canOffer, standing]) =>
      (purpose === '*' || purpose === f.purpose) &&
      (policy === '*' || policy === f.policy) &&
      yes(key, f.keySaved) &&
      yes(unseen, f.unseenPassages) &&
      yes(agreed, f.agreed) &&
      yes(canAsk, f.canAsk) &&
      yes(canOffer, f.canOffer) &&
      yes(standing, f.standing),
  );
  if (!row) throw new Error(`no row for ${JSON.stringify(f)}`);
  return row[8];
}

const every = (purposes: readonly CloudFacts['purpose'][] = PURPOSES): CloudFacts[] =>
  POLICIES.flatMap((policy) =>
    purposes.flatMap((purpose) =>
      BOOLS.flatMap((keySaved) =>
        BOOLS.flatMap((unseenPassages) =>
          BOOLS.flatMap((agreed) =>
            BOOLS.flatMap((canAsk) =>
              BOOLS.flatMap((canOffer) =>
                BOOLS.map((standing) => ({ policy, purpose, keySaved, unseenPassages, agreed, canAsk, canOffer, standing })),
              ),
            ),
          ),
        ),
      ),
    ),
  );

describe('the cloud decision table', () => {
  const all = every();

  it('decides every combination of the facts (768) as the table reads', () => {
    expect(all).toHaveLength(768);
    const wrong = all.filter((f) => decideCloud(f) !== expected(f)).map((f) => ({ ...f, got: decideCloud(f), want: expected(f) }));
    expect(wrong).toEqual([]);
  });

  it('never sends a passage the user has not seen, nothing under "never", and offers only a fallback', () => {
    const user = all.filter((f) => f.purpose !== 'configured');
    expect(user.filter((f) => f.unseenPassages && decideCloud(f) === 'send')).toEqual([]);
    expect(user.filter((f) => f.policy === 'never' && decideCloud(f) !== 'refuse')).toEqual([]);
    expect(all.filter((f) => decideCloud(f) === 'offer' && (f.purpose !== 'fallback' || !f.canOffer))).toEqual([]);
    // A widget's attribute is no standing yes: "always" without one asks, as "ask" does.
    const widget = all.filter((f) => f.purpose === 'fallback' && f.policy === 'always' && !f.standing && !f.agreed && !f.unseenPassages);
    expect(new Set(widget.map((f) => decideCloud(f)))).toEqual(new Set(['ask', 'refuse']));
  });
});

/**
 * The session's route with each face's setup (the app's: a saved key or not, an offer under a failed
 * reply; the library's: the developer's key and onFallback; a widget's: no standing yes). Every
 * combination is set up for real (an earlier "yes" makes "agreed", a new passage makes "unseen") and
 * observed at the loopback OpenAI server.
 */
describe('the session’s cloud route follows the table', () => {
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
  const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
  const messages = [{ role: 'user' as const, content: 'hi' }];
  const posts = () => server.requests.filter((r) => r.method === 'POST').length;

  it.each(every(['fallback', 'compare', 'chosen']).map((f) => [JSON.stringify(f), f] as const))('%s', async (_, facts) => {
    const asked: string[] = [];
    const setup: CloudSetup = {
      spec: () => cloudModelSpec(server.baseURL),
      keyFor: async () => 'sk-test',
      policy: () => facts.policy,
      keySaved: async () => facts.keySaved,
      offers: facts.canOffer,
      standing: facts.standing,
      ask: async (q) => {
        asked.push(q.purpose);
        return true;
      },
    };
    const route = createCloudRoute(setup, new CloudEngine({ keyFor: setup.keyFor }));
    // "agreed": the person said yes to this conversation before, with passage 1 listed.
    if (facts.agreed && facts.policy !== 'never')
      await route.consent({ conversation: 'c', request, messages, passages: [passage(1)], reason: null, purpose: 'chosen' });
    asked.length = 0;
    if (!facts.canAsk) delete setup.ask;
    const passages = facts.agreed ? [passage(1)] : [];
    if (facts.unseenPassages) passages.push(passage(2));
    const outcome = await route.consent({ conversation: 'c', request, messages, passages, reason: null, purpose: facts.purpose });
    const before = posts();
    if (outcome === 'allowed') await route.send(request);
    // Under "never" no earlier yes can exist: the person was never asked.
    const decision = decideCloud({ ...facts, agreed: facts.agreed && facts.policy !== 'never' });
    expect(asked).toEqual(decision === 'ask' ? [facts.purpose] : []);
    expect(outcome).toBe({ send: 'allowed', ask: 'allowed', offer: 'offered', refuse: 'refused' }[decision]);
    expect(posts() - before).toBe(decision === 'send' || decision === 'ask' ? 1 : 0);
  });

  it('the library’s setup: the developer’s key, onFallback to ask, no offer; compare() asks when no fallback is set', async () => {
    const asked: string[] = [];
    const setup = cloudSetupOf({
      cloud: { baseURL: server.baseURL, apiKey: 'sk-test' },
      onFallback: async (q) => {
        asked.push(q.purpose);
        return false;
      },
    });
    expect(setup).not.toBeNull();
    const route = createCloudRoute(setup as CloudSetup, new CloudEngine({ keyFor: (setup as CloudSetup).keyFor }));
    const ask = (purpose: CloudFacts['purpose']) => route.consent({ request, messages, passages: [], reason: null, purpose });
    expect([await ask('fallback'), await ask('compare'), await ask('configured')]).toEqual(['refused', 'declined', 'allowed']);
    expect(asked).toEqual(['compare']);
    expect(route.possible('fallback')).toBe(false);
    expect(route.possible('compare')).toBe(true);
    expect(cloudSetupOf({})).toBeNull();
  });

  it('asks again for a conversation on a new endpoint, and for another conversation', async () => {
    const asked: string[] = [];
    const setup: CloudSetup = {
      spec: () => cloudModelSpec(server.baseURL),
      keyFor: async () => 'sk-test',
      policy: () => 'ask',
      keySaved: async () => true,
      ask: async (q) => {
        asked.push(q.host);
        return true;
      },
    };
    const route = createCloudRoute(setup, new CloudEngine({ keyFor: setup.keyFor }));
    const ask = (conversation: string) => route.consent({ conversation, request, messages, passages: [], reason: null, purpose: 'chosen' });
    expect([await ask('a'), await ask('a')]).toEqual(['allowed', 'allowed']);
    expect(asked).toHaveLength(1);
    await ask('b');
    expect(asked).toHaveLength(2);
    route.forgetConsent();
    await ask('a');
    expect(asked).toHaveLength(3);
  });

  it('a stop while the question is open ends the request at once, and nothing is sent', async () => {
    const setup: CloudSetup = {
      spec: () => cloudModelSpec(server.baseURL),
      keyFor: async () => 'sk-test',
      policy: () => 'ask',
      keySaved: async () => true,
      ask: () => new Promise<boolean>(() => {}), // never answered
    };
    const route = createCloudRoute(setup, new CloudEngine({ keyFor: setup.keyFor }));
    const controller = new AbortController();
    const pending = route.consent(
      { conversation: 'c', request, messages, passages: [], reason: null, purpose: 'chosen' },
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
