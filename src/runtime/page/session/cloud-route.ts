/**
 * The way to the cloud: whether a request may go (the table in cloud-decision.ts, asking through the
 * face's callback), what each conversation already agreed to, and sending. Only the session calls it.
 */
import type { Passage } from '../../shared/documents/types.ts';
import type { ChatCompletion, ChatMessage, ChatRequest, CloudModelSpec } from '../../shared/engine.ts';
import { AbortError } from '../../shared/errors/errors.ts';
import type { Said } from '../../shared/errors/said.ts';
import type { CloudChatOptions, CloudEngine } from '../engines/cloud/cloud-engine.ts';
import { endpointHost } from '../engines/cloud/endpoint.ts';
import { type CloudFacts, type CloudPolicy, decideCloud } from './cloud-decision.ts';

/** What the person is shown before anything leaves: exactly what would be sent, and to whom. */
export interface ConsentQuestion {
  /** The request as it would be sent (pictures already without their metadata). */
  request: ChatRequest;
  /** Its messages as text and parts, for showing. */
  messages: ChatMessage[];
  /** Passages of the user's documents that go with the messages; listed on their own. */
  passages: Passage[];
  host: string;
  model: string;
  /** No key is saved for this endpoint: the question asks for one. */
  needsKey: boolean;
  /** The local failure that brought the cloud up, if any. */
  reason: Said | null;
  purpose: CloudFacts['purpose'];
}

/** A face's cloud, as it gives it to the session: the engine is the session's, and takes the key through `keyFor`. */
export interface CloudSetup {
  /** The cloud model as configured now; null when there is none. */
  spec(): CloudModelSpec | null;
  policy(purpose: CloudFacts['purpose']): CloudPolicy;
  keySaved(): Promise<boolean>;
  keyFor(endpoint: string): Promise<string | undefined>;
  /** Shows the question and resolves true to send; without it, nothing that needs asking is sent. */
  ask?: ((question: ConsentQuestion, signal: AbortSignal | undefined) => Promise<boolean>) | undefined;
  /** The face shows the cloud as an offer under a failed reply (the app), instead of asking at once. */
  offers?: boolean | undefined;
  /** A standing "always" counts (false for a widget, whose visitor never saw the attribute). */
  standing?: boolean | undefined;
}

export interface ConsentAsk {
  /** The conversation: its agreement and the passages it saw are remembered; absent, nothing is. */
  conversation?: string | undefined;
  request: ChatRequest;
  messages: ChatMessage[];
  passages: Passage[];
  reason: Said | null;
  purpose: CloudFacts['purpose'];
}

/** allowed: send; offered: say the cloud could answer; refused: the table says no without asking; declined: the person said no. */
export type ConsentOutcome = 'allowed' | 'offered' | 'refused' | 'declined';

export interface CloudRoute {
  readonly spec: CloudModelSpec | null;
  consent(ask: ConsentAsk, signal?: AbortSignal): Promise<ConsentOutcome>;
  /** What the table would say for `purpose` before any question, for a face deciding what to show (a Compare button). */
  possible(purpose: CloudFacts['purpose']): boolean;
  /** The face's setting for `purpose`. */
  policy(purpose: CloudFacts['purpose']): CloudPolicy;
  send(request: ChatRequest, options?: CloudChatOptions): Promise<ChatCompletion>;
  /** A new endpoint asks again. */
  forgetConsent(): void;
}

const passageKey = (p: Passage) => `${p.documentId}:${p.chunk}`;

/** Asks, but a request stopped while the question is open ends at once, not when it is answered. */
function asking(answer: Promise<boolean>, signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) return answer;
  return new Promise((resolve, reject) => {
    const stop = () => reject(new AbortError());
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

export function createCloudRoute(setup: CloudSetup, engine: CloudEngine): CloudRoute {
  const agreed = new Set<string>();
  const seenPassages = new Map<string, Set<string>>();
  const facts = (purpose: CloudFacts['purpose']) => ({
    policy: setup.policy(purpose),
    purpose,
    canAsk: setup.ask !== undefined,
    canOffer: setup.offers === true,
    standing: setup.standing !== false,
  });
  return {
    get spec() {
      return setup.spec();
    },
    policy: (purpose) => setup.policy(purpose),
    possible(purpose) {
      if (!setup.spec()) return false;
      return decideCloud({ ...facts(purpose), keySaved: true, unseenPassages: false, agreed: false }) !== 'refuse';
    },
    async consent({ conversation, request, messages, passages, reason, purpose }, signal) {
      const spec = setup.spec();
      if (!spec) return 'refused';
      const keySaved = await setup.keySaved();
      const seen = conversation === undefined ? undefined : seenPassages.get(conversation);
      const decision = decideCloud({
        ...facts(purpose),
        keySaved,
        unseenPassages: passages.some((p) => !seen?.has(passageKey(p))),
        agreed: conversation !== undefined && agreed.has(conversation),
      });
      if (decision === 'send') return 'allowed';
      if (decision === 'offer') return 'offered';
      if (decision === 'refuse') return 'refused';
      const question: ConsentQuestion = {
        request,
        messages,
        passages,
        host: endpointHost(spec.url),
        model: spec.id,
        needsKey: !keySaved,
        reason,
        purpose,
      };
      if (!(await asking(Promise.resolve(setup.ask?.(question, signal) ?? false), signal))) return 'declined';
      if (conversation !== undefined) {
        agreed.add(conversation);
        const mine = seen ?? new Set<string>();
        for (const p of passages) mine.add(passageKey(p));
        seenPassages.set(conversation, mine);
      }
      return 'allowed';
    },
    async send(request, options = {}) {
      const spec = setup.spec();
      if (!spec) throw new Error('No cloud is configured.');
      await engine.load(spec);
      return engine.chat(request, options);
    },
    forgetConsent() {
      agreed.clear();
      seenPassages.clear();
    },
  };
}
