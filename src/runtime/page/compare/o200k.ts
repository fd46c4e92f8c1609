/**
 * Prompt tokens as GPT-4o-mini counts them (o200k_base, through gpt-tokenizer). The 2.4 MB of merge
 * ranks load on first use only, so a page that never compares never fetches them.
 */

import type { RequestMessage } from '../../shared/engine.ts';
import { textOf } from '../../shared/request/content-parts.ts';

type Encoder = typeof import('gpt-tokenizer/encoding/o200k_base');
let encoder: Promise<Encoder> | null = null;

function load(): Promise<Encoder> {
  encoder ??= import('gpt-tokenizer/encoding/o200k_base').catch((error: unknown) => {
    encoder = null; // a failed chunk fetch (offline) is tried again next time
    throw error;
  });
  return encoder;
}

/** Tokens of `text` alone. */
export async function o200kTokens(text: string): Promise<number> {
  return (await load()).encode(text).length;
}

/** Tokens of a chat prompt (its text: pictures are priced by their own rule), with the per-message framing OpenAI's chat format adds. */
export async function o200kPromptTokens(messages: readonly RequestMessage[]): Promise<number> {
  const { encodeChat } = await load();
  const chat = messages.map((m) => ({
    role: m.role === 'tool' ? ('user' as const) : m.role,
    content: textOf(m.content) ?? (m.role === 'assistant' && m.tool_calls ? JSON.stringify(m.tool_calls) : ''),
  }));
  return encodeChat(chat, 'gpt-4o-mini').length;
}
