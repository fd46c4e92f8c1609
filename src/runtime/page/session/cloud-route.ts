/**
 * The way to the cloud, for the app and the library alike: whether a conversation may go (the table
 * in cloud-decision.ts, asking through the face's consent callback), what each conversation already
 * agreed to, and sending. Nothing reaches the cloud engine except through `consent` or a request the
 * caller made for the cloud by name.
 */

import type { Passage } from '../../shared/documents/types.ts';
import type { ChatCompletion, ChatRequest, CloudModelSpec } from '../../shared/engine.ts';
import { AbortError } from '../../shared/errors/errors.ts';
import type { Said } from '../../shared/errors/said.ts';
import type { CloudChatOptions, CloudEngine } from '../engines/cloud/cloud-engine.ts';
import { endpointHost } from '../engines/cloud/endpoint.ts';
import { type CloudFacts, type CloudPolicy, decideCloud } from './cloud-decision.ts';

/** What the person is shown before anything leaves: exactly what would be sent, and to whom. */
export interface ConsentQuestion {
  messages: ChatRequest['messages'];
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

export interface CloudRouteOptions {
  engine: CloudEngine;
  /** The cloud model as configured now; null when there is none. */
  spec(): CloudModelSpec | null;
  policy(): CloudPolicy;
  keySaved(): Promise<boolean>;
  /** Shows the question and resolves true to send; without it, nothing that needs asking is sent. */
  ask?: ((question: ConsentQuestion, signal: AbortSignal | undefined) => Promise<boolean>) | undefined;
}

/** A face's cloud, before the session gives it an engine: the engine takes the key through `keyFor`. */
export type CloudSetup = Omit<CloudRouteOptions, 'engine'> & { keyFor(endpoint: string): Promise<string | undefined> };

export interface ConsentAsk {
  /** The conversation: its agreement and the passages it saw are remembered (the app); absent, nothing is (the library). */
  conversation?: string | undefined;
  messages: ChatRequest['messages'];
  passages?: Passage[];
  reason: Said | null;
  purpose: CloudFacts['purpose'];
  /** The policy to follow instead of the setting (compare() asks rather than refuses when none was set). */
  policy?: CloudPolicy;
}

/** sent: allowed; refused: the table says no without asking; declined: the person said no. */
export type ConsentOutcome = 'allowed' | 'refused' | 'declined';

export interface CloudRoute {
  consent(ask: ConsentAsk, signal?: AbortSignal): Promise<ConsentOutcome>;
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

export function createCloudRoute(options: CloudRouteOptions): CloudRoute {
  const agreed = new Set<string>();
  const seenPassages = new Map<string, Set<string>>();
  return {
    async consent({ conversation, messages, passages = [], reason, purpose, policy = options.policy() }, signal) {
      const spec = options.spec();
      if (!spec) return 'refused';
      const keySaved = await options.keySaved();
      const seen = conversation === undefined ? undefined : seenPassages.get(conversation);
      const decision = decideCloud({
        policy,
        purpose,
        keySaved,
        unseenPassages: passages.some((p) => !seen?.has(passageKey(p))),
        agreed: conversation !== undefined && agreed.has(conversation),
        canAsk: options.ask !== undefined,
      });
      if (decision !== 'ask') return decision === 'send' ? 'allowed' : 'refused';
      const question: ConsentQuestion = {
        messages,
        passages,
        host: endpointHost(spec.url),
        model: spec.id,
        needsKey: !keySaved,
        reason,
        purpose,
      };
      if (!(await asking(Promise.resolve(options.ask?.(question, signal) ?? false), signal))) return 'declined';
      if (conversation !== undefined) {
        agreed.add(conversation);
        const mine = seen ?? new Set<string>();
        for (const p of passages) mine.add(passageKey(p));
        seenPassages.set(conversation, mine);
      }
      return 'allowed';
    },
    async send(request, chatOptions = {}) {
      const spec = options.spec();
      if (!spec) throw new Error('No cloud is configured.');
      await options.engine.load(spec);
      return options.engine.chat(request, chatOptions);
    },
    forgetConsent() {
      agreed.clear();
      seenPassages.clear();
    },
  };
}
