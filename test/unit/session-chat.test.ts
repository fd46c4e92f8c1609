/**
 * session.chat's routing and consent, observed at a real loopback OpenAI server through the real
 * cloud engine. This device is one that cannot answer (Node has no worker to run a model in): its
 * loader fails the way a browser's does, with the runtime's named errors.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerBridge } from '../../src/runtime/page/bridge/worker-bridge.ts';
import { CloudEngine } from '../../src/runtime/page/engines/cloud/cloud-engine.ts';
import { cloudModelSpec } from '../../src/runtime/page/engines/cloud/endpoint.ts';
import { type AnswerSource, answer, type ChatDeps } from '../../src/runtime/page/session/chat.ts';
import type { CloudPolicy } from '../../src/runtime/page/session/cloud-decision.ts';
import { type CloudSetup, type ConsentQuestion, createCloudRoute } from '../../src/runtime/page/session/cloud-route.ts';
import type { ModelLoader } from '../../src/runtime/page/session/model-loader.ts';
import type { Passage } from '../../src/runtime/shared/documents/types.ts';
import type { ChatRequest } from '../../src/runtime/shared/engine.ts';
import {
  ConsentRequiredError,
  InPageError,
  InvalidRequestError,
  NetworkError,
  WebGPUUnavailableError,
} from '../../src/runtime/shared/errors/errors.ts';
import { say } from '../../src/runtime/shared/errors/said.ts';
import { PHI3_MINI_Q4_GGUF } from '../../src/runtime/shared/models/catalog.ts';
import { toDataUrl } from '../../src/runtime/shared/pictures/picture-bytes.ts';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';
import { cleanJpeg, jpegWithMetadata, PERSONAL } from '../fixtures/picture-metadata.ts';

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const posts = () => server.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
const request: ChatRequest = { messages: [{ role: 'user', content: 'help me' }] };
const unreachable = () => new NetworkError(say('unreachable', { host: '127.0.0.1:9' }), { nextSteps: ['cloud'] });

interface Face {
  policy: CloudPolicy;
  /** The person's answer; undefined: the face has no way to ask. */
  yes?: boolean | undefined;
  offers?: boolean;
  standing?: boolean;
  keySaved?: boolean;
}

/** A session's answering with `face`'s cloud, and a device whose loads fail with `failure`. */
function session(face: Face, failure: () => Error = unreachable) {
  const asked: ConsentQuestion[] = [];
  const fallbacks: AnswerSource[] = [];
  let loads = 0;
  const setup: CloudSetup = {
    spec: () => cloudModelSpec(server.baseURL),
    keyFor: async () => 'sk-test',
    policy: () => face.policy,
    keySaved: async () => face.keySaved ?? true,
    offers: face.offers,
    standing: face.standing,
    ask:
      face.yes === undefined
        ? undefined
        : async (q) => {
            asked.push(q);
            return face.yes === true;
          },
  };
  const models = {
    load: async () => {
      loads++;
      throw failure();
    },
    forget() {},
    cancel() {},
    current: null,
    loading: null,
  } as ModelLoader;
  const deps: ChatDeps = {
    bridge: {} as WorkerBridge, // never reached: every load fails before the model would be asked
    models,
    cloud: createCloudRoute(setup, new CloudEngine({ keyFor: setup.keyFor })),
    model: async () => PHI3_MINI_Q4_GGUF,
    preferences: () => ({}),
    onFallback: (source) => fallbacks.push(source),
  };
  return { deps, asked, fallbacks, loads: () => loads };
}

const stepsOf = (error: unknown) => (error instanceof InPageError ? error.details.nextSteps : undefined);

describe('a failure on this device, by the table', () => {
  it('"always" with a saved key: the cloud answers at once, marked as a fallback with the reason, before its first token', async () => {
    const s = session({ policy: 'always', yes: true, offers: true });
    const sources: AnswerSource[] = [];
    const chunks: string[] = [];
    const result = await answer(s.deps, request, {
      conversation: 'c',
      onSource: (source) => sources.push(source),
      onChunk: (chunk) => {
        expect(sources).toHaveLength(1);
        chunks.push(chunk.choices[0].delta.content ?? '');
      },
    });
    expect(result.completion.choices[0].message.content).toBe('You said: help me');
    expect(chunks.join('')).toBe('You said: help me');
    expect(result.source).toMatchObject({ engine: 'cloud', fallback: true, model: 'gpt-4o-mini', reason: { key: 'unreachable' } });
    expect(s.fallbacks).toEqual([result.source]);
    expect(s.asked).toEqual([]);
    expect(posts().map((p) => p.messages)).toEqual([request.messages]);
    expect(result.figures).toMatchObject({ engine: 'cloud', model: 'gpt-4o-mini', costUsd: expect.any(Number) });
    expect(result.times.firstTokenAt).toBeGreaterThanOrEqual(result.times.sentAt);
  });

  it('"ask" in the app: nothing is sent, and the failure offers the cloud among its next steps', async () => {
    const s = session({ policy: 'ask', yes: true, offers: true });
    const failed = await answer(s.deps, request, { conversation: 'c' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(NetworkError);
    expect(stepsOf(failed)).toEqual(['cloud']);
    expect(s.asked).toEqual([]);
    expect(posts()).toEqual([]);
  });

  it('"ask" in the library and the widget: the person is asked at once, with the reason; a yes sends, a no keeps the failure', async () => {
    for (const yes of [true, false]) {
      server.requests.length = 0;
      const s = session({ policy: 'ask', yes });
      const outcome = await answer(s.deps, request).then(
        (r) => r.source.engine,
        (e: unknown) => e,
      );
      expect(s.asked.map((q) => [q.purpose, q.reason?.key, q.host])).toEqual([['fallback', 'unreachable', new URL(server.baseURL).host]]);
      if (yes) expect(outcome).toBe('cloud');
      else {
        expect(outcome).toBeInstanceOf(NetworkError);
        // Still offered: the person may change their mind.
        expect(stepsOf(outcome)).toEqual(['cloud']);
      }
      expect(posts()).toHaveLength(yes ? 1 : 0);
    }
  });

  it('a widget’s "always" is no standing yes: the visitor is asked', async () => {
    const s = session({ policy: 'always', yes: false, standing: false });
    await expect(answer(s.deps, request)).rejects.toBeInstanceOf(NetworkError);
    expect(s.asked.map((q) => q.purpose)).toEqual(['fallback']);
    expect(posts()).toEqual([]);
  });

  it('"never": the failure as it came, with no cloud among its steps, and nothing asked or sent', async () => {
    const s = session({ policy: 'never', yes: true, offers: true });
    const failed = await answer(s.deps, request).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(NetworkError);
    expect(stepsOf(failed)).toEqual([]);
    expect([s.asked, posts()]).toEqual([[], []]);
  });

  it('a failure the cloud cannot mend (a bad request) is never taken there', async () => {
    const s = session({ policy: 'always', yes: true }, () => new InvalidRequestError('Temperature must be between 0 and 2 (got 9).'));
    await expect(answer(s.deps, request)).rejects.toBeInstanceOf(InvalidRequestError);
    expect([s.asked, posts()]).toEqual([[], []]);
  });

  it('an engine’s own steps stay, in order, with the cloud last where it is offered', async () => {
    const gpu = () => new WebGPUUnavailableError(say('noWebGPU', { adapter: false }), { nextSteps: ['cloud', 'cpu'] });
    const offered = await answer(session({ policy: 'ask', offers: true, yes: true }, gpu).deps, request).catch((e: unknown) => e);
    expect(stepsOf(offered)).toEqual(['cpu', 'cloud']);
    const refused = await answer(session({ policy: 'never' }, gpu).deps, request).catch((e: unknown) => e);
    expect(stepsOf(refused)).toEqual(['cpu']);
  });

  it('a request that is malformed is refused by name before anything loads or leaves', async () => {
    const s = session({ policy: 'always', yes: true });
    await expect(answer(s.deps, { messages: [{ role: 'user', content: 'x' }], temperature: 9 })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect([s.loads(), posts().length]).toEqual([0, 0]);
  });
});

describe('the cloud, chosen', () => {
  it('by the person: asked once a conversation, and a no is ConsentRequiredError, "declined"', async () => {
    const s = session({ policy: 'ask', yes: true });
    await answer(s.deps, request, { where: 'cloud', conversation: 'c' });
    await answer(s.deps, request, { where: 'cloud', conversation: 'c' });
    await answer(s.deps, request, { where: 'cloud', conversation: 'd' });
    expect(s.asked.map((q) => q.purpose)).toEqual(['chosen', 'chosen']);
    expect(posts()).toHaveLength(3);
    expect(s.loads()).toBe(0);

    const no = session({ policy: 'ask', yes: false });
    const failed = await answer(no.deps, request, { where: 'cloud' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ConsentRequiredError);
    expect((failed as ConsentRequiredError).details).toMatchObject({ reason: 'declined' });
    expect(posts()).toHaveLength(3);
  });

  it('by the developer (the cloud is the model): sent without asking, whatever the fallback setting', async () => {
    const s = session({ policy: 'never', yes: false });
    const result = await answer(s.deps, request, { where: 'cloud', chosenBy: 'developer' });
    expect(result.source).toMatchObject({ engine: 'cloud', fallback: false });
    expect([s.asked.length, posts().length, s.fallbacks.length]).toEqual([0, 1, 0]);
  });

  it('with passages: they are listed on their own in the question, and sent in the system message', async () => {
    const passage: Passage = { documentId: 'd', name: 'notes.txt', chunk: 0, text: 'The code is 1234.', start: 0, end: 17, score: 1 };
    const s = session({ policy: 'ask', yes: true });
    const result = await answer(s.deps, request, { where: 'cloud', conversation: 'c', passages: [passage] });
    expect(s.asked[0]?.passages).toEqual([passage]);
    expect(s.asked[0]?.messages).toEqual([{ role: 'user', content: 'help me' }]);
    const [sent] = posts();
    expect(sent.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('[1] notes.txt:\nThe code is 1234.') });
    expect(result.passages).toEqual([passage]);
  });

  it('a photo with a GPS position reaches the cloud as the photo alone: cleaned once, before the question shows it', async () => {
    const s = session({ policy: 'ask', yes: true });
    const photo = toDataUrl(jpegWithMetadata(cleanJpeg()), 'image/jpeg');
    const picture: ChatRequest = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'where?' },
            { type: 'image_url', image_url: { url: photo } },
          ],
        },
      ],
    };
    await answer(s.deps, picture, { where: 'cloud' });
    const clean = toDataUrl(cleanJpeg(), 'image/jpeg');
    expect(s.asked[0]?.messages[0]?.parts?.[1]).toEqual({ type: 'image_url', image_url: { url: clean } });
    expect(posts()[0].messages[0].content[1]).toEqual({ type: 'image_url', image_url: { url: clean } });
    const arrived: string = posts()[0].messages[0].content[1].image_url.url;
    const sent = Buffer.from(arrived.slice(arrived.indexOf(',') + 1), 'base64');
    for (const text of Object.values(PERSONAL)) expect(sent.includes(text)).toBe(false);
  });

  it('a stop while the question is open ends the request at once: AbortError, nothing sent', async () => {
    const s = session({ policy: 'ask', yes: true });
    s.deps.cloud = createCloudRoute(
      {
        spec: () => cloudModelSpec(server.baseURL),
        keyFor: async () => 'k',
        policy: () => 'ask',
        keySaved: async () => true,
        ask: () => new Promise(() => {}),
      },
      new CloudEngine({ keyFor: async () => 'k' }),
    );
    const controller = new AbortController();
    const pending = answer(s.deps, request, { where: 'cloud', signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(posts()).toEqual([]);
  });
});
