/**
 * The cloud as the runtime's options allow it: the endpoint and its key, and the fallback when the
 * model cannot run on this device (never by default; always; or ask, through onFallback).
 */
import { CloudEngine } from '../runtime/cloud/cloud-engine.ts';
import { normalizeEndpoint } from '../runtime/cloud/endpoint.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, CloudModelSpec } from '../runtime/engine.ts';
import { AbortError, cannotRunLocally, InvalidRequestError } from '../runtime/errors.ts';
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
  const spec: CloudModelSpec | null = options.cloud
    ? {
        engine: 'cloud',
        id: options.cloud.model ?? 'gpt-4o-mini',
        name: options.cloud.model ?? 'gpt-4o-mini',
        url: normalizeEndpoint(options.cloud.baseURL ?? 'https://api.openai.com/v1'),
      }
    : null;
  const engine = spec
    ? new CloudEngine({
        keyFor: async (endpoint) => {
          if (endpoint !== spec.url) return undefined;
          const key = options.cloud?.apiKey;
          return typeof key === 'function' ? key() : key;
        },
      })
    : null;
  return {
    async fallBack(error, request, onChunk, signal) {
      const policy = options.fallback ?? 'never';
      if (!cannotRunLocally(error) || policy === 'never' || !engine || !spec || signal?.aborted) throw error;
      const reason = (error as Error).message;
      const host = new URL(spec.url).host;
      if (policy === 'ask' && !(await ask(options, { messages: request.messages, host, model: spec.id, reason }, signal))) throw error;
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
