/**
 * The cloud as the runtime's options allow it: the endpoint and its key, and the fallback when the
 * model cannot run on this device (never by default; always; or ask, through onFallback). What may be
 * sent is decided by the session's cloud route (runtime/session/cloud-route.ts), as in the app.
 */

import { CloudEngine } from '../runtime/page/engines/cloud/cloud-engine.ts';
import { cloudModelSpec } from '../runtime/page/engines/cloud/endpoint.ts';
import { type CloudRoute, type CloudSetup, createCloudRoute } from '../runtime/page/session/cloud-route.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, CloudModelSpec } from '../runtime/shared/engine.ts';
import { ConsentRequiredError, cannotRunLocally, InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import { inEnglish, saidOf } from '../runtime/shared/errors/said.ts';
import type { Events } from './events.ts';
import type { RuntimeOptions } from './types.ts';

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
  /** The cloud endpoint's host ('' with no cloud). */
  readonly host: string;
}

const specOf = (options: RuntimeOptions): CloudModelSpec | null =>
  options.cloud ? cloudModelSpec(options.cloud.baseURL, options.cloud.model) : null;

/** The session's cloud as the options give it: the developer's key, the fallback setting, and onFallback as the way to ask. */
export function cloudOptionsOf(options: RuntimeOptions): CloudSetup | null {
  const spec = specOf(options);
  if (!spec) return null;
  const onFallback = options.onFallback;
  return {
    spec: () => spec,
    keyFor: async (endpoint) => {
      if (endpoint !== spec.url) return undefined;
      const key = options.cloud?.apiKey;
      return typeof key === 'function' ? key() : key;
    },
    policy: () => options.fallback ?? 'never',
    // The developer gives the key (or a server that needs none).
    keySaved: async () => true,
    ask: onFallback
      ? (q) =>
          Promise.resolve(
            onFallback({
              messages: q.messages,
              host: q.host,
              model: q.model,
              reason: q.reason ? inEnglish(q.reason) : 'compare',
              purpose: q.purpose === 'compare' ? 'compare' : 'fallback',
            }),
          )
      : undefined,
  };
}

/** `route`: the session's; a route of its own when none is given (a unit test of this face). */
export function createCloud(options: RuntimeOptions, events: Events, route?: CloudRoute | null): Cloud {
  const spec = specOf(options);
  const own = () => {
    const config = cloudOptionsOf(options);
    return config ? createCloudRoute({ ...config, engine: new CloudEngine({ keyFor: config.keyFor }) }) : null;
  };
  const cloud = route === undefined ? own() : route;
  const host = spec ? new URL(spec.url).host : '';
  return {
    model: spec?.id ?? null,
    host,
    async compare(request, onChunk, signal) {
      if (!cloud) throw new InvalidRequestError('compare() needs the cloud option: createRuntime({ cloud: { apiKey }, onFallback }).');
      // Calling compare() is asking for the cloud's answer: without a fallback setting, it asks rather than refuses.
      const outcome = await cloud.consent(
        { messages: request.messages, reason: null, purpose: 'compare', policy: options.fallback ?? 'ask' },
        signal,
      );
      if (outcome === 'refused' && options.fallback === 'never')
        throw new ConsentRequiredError(`Not sent: fallback is "never", so nothing goes to ${host}.`, { host });
      if (outcome === 'refused')
        throw new ConsentRequiredError(
          `Not sent: compare() asks before the conversation goes to ${host}. Give createRuntime an onFallback that shows the user what would be sent and resolves true.`,
          { host },
        );
      if (outcome === 'declined')
        throw new ConsentRequiredError(`Not sent: the user kept this conversation on this device (${host} was not asked).`, { host });
      return cloud.send(request, { onChunk, signal });
    },
    async fallBack(error, request, onChunk, signal) {
      if (!cannotRunLocally(error) || !cloud || !spec || signal?.aborted) throw error;
      const reason = saidOf(error);
      if ((await cloud.consent({ messages: request.messages, reason, purpose: 'fallback' }, signal)) !== 'allowed') throw error;
      events.emit('fallback', { host, model: spec.id, reason: inEnglish(reason) });
      return cloud.send(request, { onChunk, signal });
    },
    async answer(request, onChunk, signal) {
      if (!cloud)
        throw new InvalidRequestError('model "cloud" needs the cloud option: createRuntime({ model: "cloud", cloud: { apiKey } }).');
      return cloud.send(request, { onChunk, signal });
    },
  };
}
