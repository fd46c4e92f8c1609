import type { ChatRequest } from './engine.ts';
import { InvalidRequestError } from './errors.ts';

const ROLES = new Set(['system', 'user', 'assistant']);

function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new InvalidRequestError(message);
}

/** Rejects a malformed request with a message that names the field and the allowed range. */
export function validateChatRequest(request: ChatRequest): void {
  const { messages, temperature, top_p, max_tokens, stop, seed } = request;
  check(Array.isArray(messages) && messages.length > 0, 'The conversation is empty: add a message to send.');
  for (const [i, m] of messages.entries()) {
    check(ROLES.has(m?.role), `Message ${i + 1} has role "${String(m?.role)}"; use system, user or assistant.`);
    check(typeof m.content === 'string', `Message ${i + 1} has no text content.`);
  }
  check(
    messages.some((m) => m.role === 'user'),
    'The conversation has no user message to answer.',
  );
  const inRange = (v: number | undefined, lo: number, hi: number) => v === undefined || (Number.isFinite(v) && v >= lo && v <= hi);
  check(inRange(temperature, 0, 2), `Temperature must be between 0 and 2 (got ${temperature}).`);
  check(inRange(top_p, 0, 1) && top_p !== 0, `Top-p must be above 0 and at most 1 (got ${top_p}).`);
  check(
    max_tokens === undefined || (Number.isInteger(max_tokens) && max_tokens >= 1 && max_tokens <= 1_000_000),
    `Max tokens must be a whole number of at least 1 (got ${max_tokens}).`,
  );
  const stops = stop === undefined ? [] : Array.isArray(stop) ? stop : [stop];
  check(stops.length <= 4, `At most 4 stop sequences are allowed (got ${stops.length}).`);
  check(
    stops.every((s) => typeof s === 'string' && s.length > 0),
    'Stop sequences must be non-empty text.',
  );
  check(seed === undefined || Number.isSafeInteger(seed), `Seed must be a whole number (got ${seed}).`);
  check(
    request.cache_prompt === undefined || typeof request.cache_prompt === 'boolean',
    `cache_prompt must be true or false (got ${String(request.cache_prompt)}).`,
  );
}
