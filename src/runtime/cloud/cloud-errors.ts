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
} from '../errors.ts';
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

function wait(seconds: number): string {
  return seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

export function cloudError(error: unknown, sdk: Sdk, { endpoint, model, partialContent }: CloudContext): Error {
  if (error instanceof InPageError) return error;
  const host = endpointHost(endpoint);
  const partial = { partialContent, endpoint: host };
  if (error instanceof sdk.APIConnectionError) {
    return new NetworkError(
      `Could not reach ${host}: this device may be offline, or the endpoint is wrong or does not accept requests from this page (CORS). Nothing was sent to the model.`,
      { ...partial, cause: String(error.cause ?? error.message) },
    );
  }
  if (error instanceof sdk.APIError && error.status === undefined) {
    // An error object inside the stream: the reply broke off on the server's side.
    return new IncompleteReplyError(
      `${host} stopped the reply with an error: ${error.message}. What arrived is kept; regenerate to try again.`,
      partial,
    );
  }
  if (error instanceof sdk.APIError) {
    const status = error.status ?? 0;
    const server = { ...partial, status, serverCode: typeof error.code === 'string' ? error.code : null };
    if (status === 401) {
      return new AuthenticationError(`${host} rejected the API key (401). Check the key in Settings → Cloud, or enter a new one.`, server);
    }
    if (status === 403) {
      return new PermissionDeniedError(
        `${host} refused this request (403): ${error.message.replace(/^403 /, '')}. The key may lack access to ${model}, or the service is not offered where you are.`,
        server,
      );
    }
    if (status === 404) {
      return new ModelNotFoundError(
        `${host} has no model "${model}" for this key (404). Check the model name and endpoint in Settings → Cloud.`,
        server,
      );
    }
    if (status === 429) {
      if (error.code === 'insufficient_quota' || error.type === 'insufficient_quota') {
        return new RateLimitError(
          `The account behind this key has no credit left at ${host} (429). Add credit there, or use the local model.`,
          server,
        );
      }
      const after = retryAfterSeconds(error.headers);
      return new RateLimitError(
        `${host} is limiting requests from this key (429). ${after === undefined ? 'Wait a moment' : `Try again in ${wait(after)}`}, or use the local model.`,
        { ...server, retryAfterSeconds: after ?? null },
      );
    }
    if (status >= 500) {
      return new ServiceUnavailableError(`${host} failed on its side (${status}). Try again in a moment, or use the local model.`, server);
    }
    if (error.code === 'context_length_exceeded') {
      return new ContextWindowExceededError(
        `This conversation is longer than ${model} can read. Start a new conversation, or delete earlier messages.`,
        server,
      );
    }
    return new InvalidRequestError(`${host} refused the request (${status}): ${error.message.replace(/^\d+ /, '')}`, server);
  }
  if (error instanceof SyntaxError) {
    return new IncompleteReplyError(
      `${host} sent a reply stream that is not valid, so it was cut short. What arrived is kept; regenerate to try again.`,
      partial,
    );
  }
  if (error instanceof TypeError) {
    // fetch's body reader fails with a TypeError when the connection drops mid-stream.
    return new IncompleteReplyError(
      `The connection to ${host} broke before the reply was finished. What arrived is kept; regenerate to try again.`,
      {
        ...partial,
        cause: error.message,
      },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
