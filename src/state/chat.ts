/** Talking to the model in the active conversation: send, regenerate, edit and resend, delete, stop. */

import { signal } from '@preact/signals';
import type { StoredPicture } from '../runtime/page/conversations/conversation.ts';
import type { ContentPart } from '../runtime/shared/chat-types.ts';
import type { ChatMessage } from '../runtime/shared/engine.ts';
import { InPageError } from '../runtime/shared/errors/errors.ts';
import { type Said, saidOf } from '../runtime/shared/errors/said.ts';
import { answer } from './answer.ts';
import { route } from './cloud.ts';
import { type ActiveConversation, active, persist } from './conversations.ts';
import { documentsOf, findPassages } from './documents.ts';
import { createMessage, type Message, type MessageState } from './message.ts';
import { selectedModel } from './runtime.ts';

export type { Message, MessageState };

export const generating = signal(false);
let controller: AbortController | null = null;

/** The conversation as the engine sees it: the system prompt, then every message but failed empty replies. */
function history(c: ActiveConversation, messages: readonly Message[]): ChatMessage[] {
  const system = c.systemPrompt.value.trim();
  const turns = messages
    .filter((m) => m.state.value !== 'error' || m.content.value.length > 0)
    .map((m): ChatMessage => {
      const content = m.content.value;
      if (!m.pictures.length) return { role: m.role, content };
      const pictures = m.pictures.map((p): ContentPart => ({ type: 'image_url', image_url: { url: p.url } }));
      return { role: m.role, content, parts: content ? [{ type: 'text', text: content }, ...pictures] : pictures };
    });
  return system ? [{ role: 'system', content: system }, ...turns] : turns;
}

/**
 * Appends a reply to `c` answering everything before it, streaming it in. It goes where `route` says;
 * the session answers from the cloud instead when this device cannot and the settings allow it, and
 * the reply says so.
 */
async function respond(c: ActiveConversation, reason: Said | null = null): Promise<void> {
  const asked = history(c, c.messages.value);
  const reply = createMessage('assistant', '', 'streaming');
  c.messages.value = [...c.messages.value, reply];
  await answering(c, async (signal) => {
    try {
      await lookUp(c, [reply], signal);
      await answer(c.id, asked, reply, signal, route.value, reason);
    } catch (error) {
      failed(reply, error);
    }
  });
}

/** Runs `work` as the reply being written: Stop aborts its signal; the conversation is saved before and after. */
export async function answering(c: ActiveConversation, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  generating.value = true;
  void persist(c); // the question is saved before the model answers
  const current = new AbortController();
  controller = current;
  try {
    await work(current.signal);
  } finally {
    if (controller === current) controller = null;
    generating.value = false;
    await persist(c);
  }
}

/**
 * The passages of the conversation's documents that answer its last question, given to `replies`.
 * A search that fails is said on the reply, which is then answered without documents.
 */
export async function lookUp(c: ActiveConversation, replies: readonly Message[], signal: AbortSignal): Promise<void> {
  const question = c.messages.value.findLast((m) => m.role === 'user')?.content.value ?? '';
  if (!documentsOf(c.id).length) return;
  try {
    const passages = await findPassages(c.id, question, signal);
    for (const r of replies) r.sources.value = passages.length ? passages : null;
  } catch (error) {
    if (signal.aborted) throw error;
    const reason = saidOf(error);
    for (const r of replies) r.notice.value = { kind: 'no-documents', reason };
  }
}

/** Marks `reply` as failed with what to try instead (the session's next steps, the cloud among them where it is offered); what streamed stays. */
export function failed(reply: Message, error: unknown): void {
  reply.error.value = saidOf(error);
  const kinds = error instanceof InPageError ? [...(error.details.nextSteps ?? [])] : [];
  if (reply.via.value?.engine !== 'cloud' && kinds.length) reply.alternatives.value = { kinds, model: selectedModel.value };
  reply.state.value = 'error';
}

/** The prompt `id`'s reply would be asked with: everything up to and including the question `id`. */
export function askedUpTo(id: string): ChatMessage[] | null {
  const c = active.value;
  const at = c.messages.value.findIndex((m) => m.id === id && m.role === 'user');
  return at < 0 ? null : history(c, c.messages.value.slice(0, at + 1));
}

/** Sends `text` (and the pictures attached to it) as a new message in the active conversation. */
export async function send(text: string, pictures: readonly StoredPicture[] = []): Promise<void> {
  if (generating.value || (!text.trim() && !pictures.length)) return;
  const c = active.value;
  c.messages.value = [...c.messages.value, createMessage('user', text, 'done', pictures)];
  await respond(c);
}

/**
 * Answers again: the reply `id` and everything after it are replaced by a new reply. `reason` is why
 * the local model could not answer, when the cloud is asked instead.
 */
export async function regenerate(id: string, reason: Said | null = null): Promise<void> {
  const c = active.value;
  const at = c.messages.value.findIndex((m) => m.id === id && m.role === 'assistant');
  if (generating.value || at < 0) return;
  c.messages.value = c.messages.value.slice(0, at);
  await respond(c, reason);
}

/** Replaces the question `id` with `text` (its pictures stay), drops what came after it, and asks again. */
export async function editAndResend(id: string, text: string): Promise<void> {
  const c = active.value;
  const at = c.messages.value.findIndex((m) => m.id === id && m.role === 'user');
  const pictures = c.messages.value[at]?.pictures ?? [];
  if (generating.value || at < 0 || (!text.trim() && !pictures.length)) return;
  c.messages.value = [...c.messages.value.slice(0, at), createMessage('user', text, 'done', pictures)];
  await respond(c);
}

export async function deleteMessage(id: string): Promise<void> {
  const c = active.value;
  const target = c.messages.value.find((m) => m.id === id);
  if (!target || (generating.value && target.state.value === 'streaming')) return;
  c.messages.value = c.messages.value.filter((m) => m.id !== id);
  await persist(c);
}

/** Stops the reply being written; what was written so far is kept. */
export function stop(): void {
  controller?.abort();
}

/** The latest question, for "Up edits the last message". */
export function lastUserMessage(): Message | undefined {
  return active.value.messages.value.findLast((m) => m.role === 'user');
}
