/** The cloud endpoint as the key is bound to it: one canonical spelling, so "…/v1" and "…/v1/" are one endpoint, not two. */

import type { CloudModelSpec } from '../../../shared/engine.ts';
import { InvalidRequestError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';

export const OPENAI_ENDPOINT = 'https://api.openai.com/v1';
export const DEFAULT_CLOUD_MODEL = 'gpt-4o-mini';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks and normalizes an OpenAI-compatible base URL. Plain http is allowed only on this computer
 * (Ollama, vLLM on localhost): anywhere else the key and the conversation would cross the network in clear.
 */
export function normalizeEndpoint(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new InvalidRequestError(say('endpointNotAddress', { text: input, example: OPENAI_ENDPOINT }));
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new InvalidRequestError(say('endpointHttps'));
  }
  if (url.username || url.password) {
    throw new InvalidRequestError(say('endpointCredentials'));
  }
  if (url.search || url.hash) throw new InvalidRequestError(say('endpointQuery'));
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The host the conversation goes to, as shown to the user ("api.openai.com"). */
export function endpointHost(endpoint: string): string {
  return new URL(endpoint).host;
}

/** The cloud model as both faces name it: `model` at `endpoint` (OpenAI's GPT-4o mini by default). */
export function cloudModelSpec(endpoint: string = OPENAI_ENDPOINT, model: string = DEFAULT_CLOUD_MODEL): CloudModelSpec {
  return { engine: 'cloud', id: model, name: model, url: normalizeEndpoint(endpoint) };
}
