/**
 * The OpenAI SDK's failures as our named errors, with text that says what to do. The server's own
 * message is kept in `details`, never shown for 401s (it can quote part of the key).
 */

import type OpenAI from 'openai';
import {
  AuthenticationError,
  ContextWindowExceededError,
  IncompleteReplyError,
  InPageError,
  InvalidRequestError,
  ModelNotFoundError,
  NetworkError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import { endpointHost } from './endpoint.ts';

type Sdk = typeof OpenAI;

export interface CloudContext {
  endpoint: string;
  model: string;
  /** Text that arrived before the failure; kept with the error so nothing is lost. */
  partialContent: string;
}

/** Seconds a 429 asks us to wait (Retry-After in seconds or as a date, or retry-after-ms), if it says. */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

export function cloudError(error: unknown, sdk: Sdk, { endpoint, model, partialContent }: CloudContext): Error {
  if (error instanceof InPageError) return error;
  const host = endpointHost(endpoint);
  const partial = { partialContent, endpoint: host };
  if (error instanceof sdk.APIConnectionError) {
    return new NetworkError(say('cloudUnreachable', { host }), {
      ...partial,
      cause: String(error.cause ?? error.message),
    });
  }
  if (error instanceof sdk.APIError && error.status === undefined) {
    // An error object inside the stream: the reply broke off on the server's side.
    return new IncompleteReplyError(say('cloudStreamError', { host, reason: error.message }), partial);
  }
  if (error instanceof sdk.APIError) {
    const status = error.status ?? 0;
    const server = { ...partial, status, serverCode: typeof error.code === 'string' ? error.code : null };
    if (status === 401) {
      return new AuthenticationError(say('cloudBadKey', { host }), server);
    }
    if (status === 403) {
      return new PermissionDeniedError(say('cloudForbidden', { host, reason: error.message.replace(/^403 /, ''), model }), server);
    }
    if (status === 404) {
      return new ModelNotFoundError(say('cloudNoModel', { host, model }), server);
    }
    if (status === 429) {
      if (error.code === 'insufficient_quota' || error.type === 'insufficient_quota') {
        return new RateLimitError(say('cloudNoCredit', { host }), server);
      }
      const after = retryAfterSeconds(error.headers);
      return new RateLimitError(say('cloudRateLimited', { host, retryAfterSeconds: after ?? null }), {
        ...server,
        retryAfterSeconds: after ?? null,
      });
    }
    if (status >= 500) {
      return new ServiceUnavailableError(say('cloudFailed', { host, status }), server);
    }
    if (error.code === 'context_length_exceeded') {
      return new ContextWindowExceededError(say('cloudTooLong', { model }), server);
    }
    return new InvalidRequestError(say('cloudRefused', { host, status, reason: error.message.replace(/^\d+ /, '') }), server);
  }
  if (error instanceof SyntaxError) {
    return new IncompleteReplyError(say('cloudBadStream', { host }), partial);
  }
  if (error instanceof TypeError) {
    // fetch's body reader fails with a TypeError when the connection drops mid-stream.
    return new IncompleteReplyError(say('cloudCut', { host }), { ...partial, cause: error.message });
  }
  return error instanceof Error ? error : new Error(String(error));
}
