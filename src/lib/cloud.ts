/**
 * The cloud as the runtime's options allow it: the endpoint and its key, and the fallback when the
 * model cannot run on this device (never by default; always; or ask, through onFallback).
 */

import { decideCloud } from '../runtime/cloud/cloud-decision.ts';
import { CloudEngine } from '../runtime/cloud/cloud-engine.ts';
import { cloudModelSpec } from '../runtime/cloud/endpoint.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, CloudModelSpec } from '../runtime/engine.ts';
import { AbortError, ConsentRequiredError, cannotRunLocally, InvalidRequestError } from '../runtime/errors.ts';
import type { Events } from './events.ts';
import type { FallbackRequest, RuntimeOptions } from './types.ts';

export interface Cloud {
  /** Answers `request` in the cloud when `error` (from this device) allows it and the options say so; else rethrows `error`. */
  fallBack(
    error: unknown,
    request: ChatRequest,
    onChunk: (chunk: ChatCompletionChunk) => void,
    signal: AbortSignal | undefined,
  ): Promise<ChatCompletion>;
  /** Answers `request` in the cloud because the caller chose `model: "cloud"` (not a fallback, so no event). */
  answer(request: ChatRequest, onChunk: (chunk: ChatCompletionChunk) => void, signal: AbortSignal | undefined): Promise<ChatCompletion>;
  /** The cloud's half of a comparison: asked through onFallback as `fallback: "ask"` asks, and sent only on a yes. */
  compare(request: ChatRequest, onChunk: (chunk: ChatCompletionChunk) => void, signal: AbortSignal | undefined): Promise<ChatCompletion>;
  /** The cloud model's id, when a cloud is configured. */
  readonly model: string | null;
}

/** Asks onFallback, but a request stopped while the question is open ends at once, not when it is answered. */
function ask(options: RuntimeOptions, question: FallbackRequest, signal: AbortSignal | undefined): Promise<boolean> {
  const answer = Promise.resolve(options.onFallback?.(question) ?? false);
  if (!signal) return answer;
  return new Promise((resolve, reject) => {
    const stop = () => reject(new AbortError('Stopped before the cloud was asked.'));
    signal.addEventListener('abort', stop, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

export function createCloud(options: RuntimeOptions, events: Events): Cloud {
  const spec: CloudModelSpec | null = options.cloud ? cloudModelSpec(options.cloud.baseURL, options.cloud.model) : null;
  const engine = spec
    ? new CloudEngine({
        keyFor: async (endpoint) => {
          if (endpoint !== spec.url) return undefined;
          const key = options.cloud?.apiKey;
          return typeof key === 'function' ? key() : key;
        },
      })
    : null;
  // The library's facts for the decision table: the developer gives the key; it cannot see which passages a user saw.
  const facts = {
    policy: options.fallback ?? 'never',
    keySaved: true,
    unseenPassages: false,
    agreed: false,
    canAsk: options.onFallback !== undefined,
  } as const;
  return {
    model: spec?.id ?? null,
    async compare(request, onChunk, signal) {
      if (!engine || !spec)
        throw new InvalidRequestError('compare() needs the cloud option: createRuntime({ cloud: { apiKey }, onFallback }).');
      const host = new URL(spec.url).host;
      // Calling compare() is asking for the cloud's answer: without a fallback setting, it asks rather than refuses.
      const decision = decideCloud({ ...facts, policy: options.fallback ?? 'ask', purpose: 'compare' });
      if (decision === 'refuse' && options.fallback === 'never')
        throw new ConsentRequiredError(`Not sent: fallback is "never", so nothing goes to ${host}.`, { host });
      if (decision === 'refuse')
        throw new ConsentRequiredError(
          `Not sent: compare() asks before the conversation goes to ${host}. Give createRuntime an onFallback that shows the user what would be sent and resolves true.`,
          { host },
        );
      const question = { messages: request.messages, host, model: spec.id, reason: 'compare', purpose: 'compare' as const };
      if (decision === 'ask' && !(await ask(options, question, signal)))
        throw new ConsentRequiredError(`Not sent: the user kept this conversation on this device (${host} was not asked).`, { host });
      await engine.load(spec);
      return engine.chat(request, { onChunk, signal });
    },
    async fallBack(error, request, onChunk, signal) {
      if (!cannotRunLocally(error) || !engine || !spec || signal?.aborted) throw error;
      const decision = decideCloud({ ...facts, purpose: 'fallback' });
      if (decision === 'refuse') throw error;
      const reason = (error as Error).message;
      const host = new URL(spec.url).host;
      if (
        decision === 'ask' &&
        !(await ask(options, { messages: request.messages, host, model: spec.id, reason, purpose: 'fallback' }, signal))
      )
        throw error;
      events.emit('fallback', { host, model: spec.id, reason });
      await engine.load(spec);
      return engine.chat(request, { onChunk, signal });
    },
    async answer(request, onChunk, signal) {
      if (!engine || !spec)
        throw new InvalidRequestError('model "cloud" needs the cloud option: createRuntime({ model: "cloud", cloud: { apiKey } }).');
      await engine.load(spec);
      return engine.chat(request, { onChunk, signal });
    },
  };
}
