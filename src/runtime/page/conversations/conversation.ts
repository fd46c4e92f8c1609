/**
 * Conversations as stored and exported: a strict validator that copies only known fields (so a hostile
 * file can bring nothing else along), and migrations from older schema versions. The shapes are in conversation-types.ts.
 */
export * from './conversation-types.ts';

import type { Passage } from '../../shared/documents/types.ts';
import type { Usage } from '../../shared/engine.ts';
import { inEnglish, isSaid, type Said, saidOf, say } from '../../shared/errors/said.ts';
import { checkPicture, dataUrlBytes, MAX_PICTURE_BYTES, MAX_PICTURES } from '../../shared/pictures/picture-bytes.ts';
import type { FileFault } from '../../shared/words/en.ts';
import {
  CONVERSATION_VERSION,
  type Conversation,
  type ReplyMeta,
  type ReplySource,
  type StoredAlternative,
  type StoredMessage,
  type StoredPicture,
} from './conversation-types.ts';

/** A file or record that is not a conversation; `path` says where it went wrong. */
export class ConversationFormatError extends Error {
  override name = 'ConversationFormatError';
  declare readonly said: Said;
  constructor(said: Said | string) {
    super(typeof said === 'string' ? said : inEnglish(said));
    // Not enumerable: two errors that say the same thing compare equal however they were made.
    Object.defineProperty(this, 'said', { value: typeof said === 'string' ? say('plain', { text: said }) : said });
  }
}

/** Limits that keep a hostile file from exhausting memory; far above any real conversation. */
const MAX_TEXT = 2_000_000;
const MAX_MESSAGES = 20_000;

function fail(path: string, fault: FileFault, word: string | number = ''): never {
  throw new ConversationFormatError(say('fileFault', { path, fault, word: String(word) }));
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'object');
  return value as Record<string, unknown>;
}

function text(value: unknown, path: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') fail(path, 'text');
  if (value.length > max) fail(path, 'too-long', max);
  return value;
}

function time(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(path, 'timestamp');
  return value;
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(path, 'whole');
  return value;
}

function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(path, 'number');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) fail(path, 'one-of', allowed.join(', '));
  return value as T;
}

/** Replies stored before prompt caching have no details; they stay without. */
function cachedTokens(value: unknown, path: string): Pick<Usage, 'prompt_tokens_details'> {
  if (value === undefined || value === null) return {};
  return { prompt_tokens_details: { cached_tokens: count(record(value, path).cached_tokens, `${path}.cached_tokens`) } };
}

function parseMeta(value: unknown, path: string): ReplyMeta | undefined {
  if (value === undefined || value === null) return undefined;
  const m = record(value, path);
  const usage = record(m.usage, `${path}.usage`);
  return {
    model: text(m.model, `${path}.model`, 2000),
    engine: oneOf(m.engine, ['llama.cpp', 'web-llm', 'cloud'] as const, `${path}.engine`),
    finishReason: oneOf(m.finishReason, ['stop', 'length', 'tool_calls', 'abort'] as const, `${path}.finishReason`),
    usage: {
      prompt_tokens: count(usage.prompt_tokens, `${path}.usage.prompt_tokens`),
      completion_tokens: count(usage.completion_tokens, `${path}.usage.completion_tokens`),
      total_tokens: count(usage.total_tokens, `${path}.usage.total_tokens`),
      ...cachedTokens(usage.prompt_tokens_details, `${path}.usage.prompt_tokens_details`),
    },
    prefillMs: optionalNumber(m.prefillMs, `${path}.prefillMs`),
    timeToFirstTokenMs: optionalNumber(m.timeToFirstTokenMs, `${path}.timeToFirstTokenMs`),
    prefillTokensPerSecond: optionalNumber(m.prefillTokensPerSecond, `${path}.prefillTokensPerSecond`),
    decodeTokensPerSecond: optionalNumber(m.decodeTokensPerSecond, `${path}.decodeTokensPerSecond`),
    droppedMessages: optionalNumber(m.droppedMessages, `${path}.droppedMessages`),
    costUsd: optionalNumber(m.costUsd, `${path}.costUsd`),
    tokensAfterStop: optionalNumber(m.tokensAfterStop, `${path}.tokensAfterStop`),
  };
}

function parseSource(value: unknown, path: string): ReplySource | undefined {
  if (value === undefined || value === null) return undefined;
  const v = record(value, path);
  return {
    engine: oneOf(v.engine, ['llama.cpp', 'web-llm', 'cloud'] as const, `${path}.engine`),
    model: text(v.model, `${path}.model`, 2000),
    host: v.host === undefined || v.host === null ? undefined : text(v.host, `${path}.host`, 300),
    format: v.format === undefined || v.format === null ? undefined : oneOf(v.format, ['json'] as const, `${path}.format`),
  };
}

function parseSources(value: unknown, path: string): Passage[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 100) fail(path, 'passages');
  return value.map((item, i) => {
    const at = `${path}[${i}]`;
    const p = record(item, at);
    if (typeof p.score !== 'number' || !Number.isFinite(p.score)) fail(`${at}.score`, 'number');
    return {
      documentId: text(p.documentId, `${at}.documentId`, 200),
      name: text(p.name, `${at}.name`, 1000),
      chunk: count(p.chunk, `${at}.chunk`),
      text: text(p.text, `${at}.text`),
      page: p.page === undefined || p.page === null ? undefined : count(p.page, `${at}.page`),
      start: count(p.start, `${at}.start`),
      end: count(p.end, `${at}.end`),
      score: p.score,
    };
  });
}

const PICTURE_URL = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}$/;

/** A question's pictures: each a base64 picture URL; with `readBytes`, its bytes must be the whole picture the URL says. */
function parsePictures(value: unknown, path: string, readBytes: boolean): StoredPicture[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_PICTURES) fail(path, 'pictures', MAX_PICTURES);
  return value.map((item, i) => {
    const at = `${path}[${i}]`;
    const p = record(item, at);
    const url = text(p.url, `${at}.url`, Math.ceil((MAX_PICTURE_BYTES * 4) / 3) + 100);
    if (!PICTURE_URL.test(url)) fail(`${at}.url`, 'pictures', MAX_PICTURES);
    const size = { width: count(p.width, `${at}.width`), height: count(p.height, `${at}.height`) };
    if (!readBytes) return { url, ...size };
    let type: string;
    try {
      type = checkPicture(dataUrlBytes(url), `${at}.url`);
    } catch (error) {
      throw new ConversationFormatError(saidOf(error));
    }
    // The type said is the type the bytes are, so nothing reads them as something else.
    if (!url.startsWith(`data:${type};`)) fail(`${at}.url`, 'one-of', type);
    return { url, ...size };
  });
}

function parseAlternative(value: unknown, path: string): StoredAlternative | undefined {
  if (value === undefined || value === null) return undefined;
  const a = record(value, path);
  return {
    content: text(a.content, `${path}.content`),
    state: oneOf(a.state, ['done', 'stopped', 'length', 'error'] as const, `${path}.state`),
    error: a.error === undefined || a.error === null ? undefined : text(a.error, `${path}.error`, 10_000),
    said: isSaid(a.said) ? a.said : undefined,
    meta: parseMeta(a.meta, `${path}.meta`),
    via: parseSource(a.via, `${path}.via`),
  };
}

function parseMessage(value: unknown, path: string, readBytes: boolean): StoredMessage {
  const m = record(value, path);
  const error = m.error === undefined || m.error === null ? undefined : text(m.error, `${path}.error`, 10_000);
  const message: StoredMessage = {
    id: text(m.id, `${path}.id`, 200),
    role: oneOf(m.role, ['user', 'assistant'] as const, `${path}.role`),
    content: text(m.content, `${path}.content`),
    state: oneOf(m.state, ['done', 'stopped', 'length', 'error'] as const, `${path}.state`),
    error,
    said: isSaid(m.said) ? m.said : undefined,
    createdAt: time(m.createdAt, `${path}.createdAt`),
    meta: parseMeta(m.meta, `${path}.meta`),
    via: parseSource(m.via, `${path}.via`),
    alternative: parseAlternative(m.alternative, `${path}.alternative`),
    sources: parseSources(m.sources, `${path}.sources`),
    pictures: parsePictures(m.pictures, `${path}.pictures`, readBytes),
  };
  if (message.pictures && message.role !== 'user') fail(`${path}.pictures`, 'one-of', 'user');
  if (message.alternative && message.role !== 'assistant') fail(`${path}.alternative`, 'alternative');
  return message;
}

/** Older records, brought up to the current version one step at a time. */
const MIGRATIONS: Record<number, (r: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 0 (unversioned) had no system prompt and no per-message timestamps.
  0: (r) => ({
    ...r,
    version: 1,
    systemPrompt: r.systemPrompt ?? '',
    messages: Array.isArray(r.messages) ? r.messages.map((m) => ({ createdAt: r.createdAt, ...record(m, 'message') })) : r.messages,
  }),
};

/**
 * Validates (and migrates) one conversation; throws ConversationFormatError saying where it is wrong.
 * `readPictures: false` checks each picture's URL but not its bytes: for records this app stored after checking them.
 */
export function parseConversation(value: unknown, path = 'conversation', { readPictures = true } = {}): Conversation {
  let r = record(value, path);
  let version = r.version === undefined ? 0 : r.version;
  while (typeof version === 'number' && version < CONVERSATION_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) fail(`${path}.version`, 'no-migration', String(version));
    r = step(r);
    version = r.version as number;
  }
  if (version !== CONVERSATION_VERSION) fail(`${path}.version`, 'newer', String(version));
  if (!Array.isArray(r.messages)) fail(`${path}.messages`, 'list');
  if (r.messages.length > MAX_MESSAGES) fail(`${path}.messages`, 'too-many', MAX_MESSAGES);
  const messages = r.messages.map((m, i) => parseMessage(m, `${path}.messages[${i}]`, readPictures));
  return {
    version: CONVERSATION_VERSION,
    id: text(r.id, `${path}.id`, 200),
    title: text(r.title, `${path}.title`, 500),
    systemPrompt: text(r.systemPrompt, `${path}.systemPrompt`, 100_000),
    createdAt: time(r.createdAt, `${path}.createdAt`),
    updatedAt: time(r.updatedAt, `${path}.updatedAt`),
    messages,
  };
}
