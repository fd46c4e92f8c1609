/** The conversation on screen, the list of saved ones, and saving them: a failed save is shown, never silent. */

import { batch, type Signal, signal } from '@preact/signals';
import { CONVERSATION_VERSION, type Conversation, ConversationFormatError } from '../runtime/page/conversations/conversation.ts';
import { exportJson, exportMarkdown, parseExport } from '../runtime/page/conversations/conversation-file.ts';
import {
  deleteConversation,
  getConversation,
  listConversations,
  saveConversation,
  saveConversations,
} from '../runtime/page/conversations/conversation-store.ts';
import { type Said, saidOf, say } from '../runtime/shared/errors/said.ts';
import { ownDocuments, removeDocumentsOf } from './documents.ts';
import { createMessage, fromStored, type Message, toStored } from './message.ts';
import { settings } from './settings.ts';

export interface ActiveConversation {
  id: string;
  createdAt: number;
  /** Empty until the first message, then the start of it, unless renamed. */
  title: Signal<string>;
  systemPrompt: Signal<string>;
  messages: Signal<Message[]>;
}

export const conversations = signal<Conversation[]>([]);
export const unreadableConversations = signal(0);
export const active = signal<ActiveConversation>(blank());
/** Why the last save failed; the conversation stays in memory and the next change tries again. */
export const saveProblem = signal<Said | null>(null);

function blank(): ActiveConversation {
  return {
    id: crypto.randomUUID(),
    createdAt: Date.now(),
    title: signal(''),
    systemPrompt: signal(settings.value.defaultSystemPrompt),
    messages: signal([]),
  };
}

export function titleFor(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

export function snapshot(c: ActiveConversation = active.value): Conversation {
  return {
    version: CONVERSATION_VERSION,
    id: c.id,
    title: c.title.value,
    systemPrompt: c.systemPrompt.value,
    createdAt: c.createdAt,
    updatedAt: Date.now(),
    messages: c.messages.value.map(toStored),
  };
}

function revive(c: Conversation): ActiveConversation {
  return {
    id: c.id,
    createdAt: c.createdAt,
    title: signal(c.title),
    systemPrompt: signal(c.systemPrompt),
    messages: signal(c.messages.map(fromStored)),
  };
}

export async function refreshConversations(): Promise<void> {
  try {
    const list = await listConversations();
    batch(() => {
      conversations.value = list.conversations;
      unreadableConversations.value = list.unreadable;
    });
  } catch (error) {
    saveProblem.value = saidOf(error);
  }
}

/**
 * Saves the conversation. One with neither messages nor documents of its own is not worth a record;
 * one with documents is, or they would belong to a conversation no one can open again.
 */
export async function persist(c: ActiveConversation = active.value): Promise<boolean> {
  const own = ownDocuments(c.id);
  if (c.messages.value.length === 0 && own.length === 0) return true;
  if (!c.title.value && c.messages.value.length) c.title.value = titleFor(c.messages.value[0]?.content.value ?? '');
  const record = snapshot(c);
  try {
    await saveConversation(record);
    saveProblem.value = null;
    conversations.value = [record, ...conversations.value.filter((x) => x.id !== record.id)];
    return true;
  } catch (error) {
    saveProblem.value = saidOf(error);
    return false;
  }
}

export function startConversation(): void {
  active.value = blank();
}

export async function openConversation(id: string): Promise<void> {
  const stored = await getConversation(id);
  if (stored) active.value = revive(stored);
}

export async function renameConversation(id: string, title: string): Promise<void> {
  const clean = title.trim().slice(0, 200);
  if (!clean) return;
  if (active.value.id === id) {
    active.value.title.value = clean;
    await persist();
    return;
  }
  const stored = await getConversation(id);
  if (!stored) return;
  const renamed = { ...stored, title: clean, updatedAt: Date.now() };
  await saveConversation(renamed);
  conversations.value = conversations.value.map((c) => (c.id === id ? renamed : c));
}

export async function removeConversation(id: string): Promise<void> {
  await deleteConversation(id);
  await removeDocumentsOf(id).catch(() => {}); // its own documents go with it; the library's stay
  conversations.value = conversations.value.filter((c) => c.id !== id);
  if (active.value.id === id) startConversation();
}

/** Conversations whose title or text contains `query`, newest first. */
export function searchConversations(list: readonly Conversation[], query: string): Conversation[] {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return [...list];
  return list.filter(
    (c) => c.title.toLocaleLowerCase().includes(needle) || c.messages.some((m) => m.content.toLocaleLowerCase().includes(needle)),
  );
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const slug = (title: string) =>
  title
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'conversation';

/** Downloads one conversation (or all, when `id` is null) as JSON (re-importable) or Markdown. */
export async function exportConversations(
  id: string | null,
  format: 'json' | 'md',
  labels?: Parameters<typeof exportMarkdown>[1],
): Promise<void> {
  await persist();
  const list = id === null ? (await listConversations()).conversations : conversations.value.filter((c) => c.id === id);
  const name = id === null ? 'inpage-conversations' : slug(list[0]?.title ?? '');
  if (format === 'json') download(`${name}.json`, 'application/json', exportJson(list));
  else download(`${name}.md`, 'text/markdown', exportMarkdown(list, labels));
}

/**
 * Imports an export file all or nothing (one transaction). A conversation already here unchanged is
 * skipped; one whose id is taken by a different conversation comes in as a copy. Resolves with how
 * many were added.
 */
export async function importConversations(file: File): Promise<number> {
  if (file.size > 100_000_000) throw new ConversationFormatError(say('fileTooLarge'));
  const incoming = parseExport(await file.text());
  const existing = new Map(conversations.value.map((c) => [c.id, c]));
  const fresh = incoming
    .filter((c) => existing.get(c.id)?.updatedAt !== c.updatedAt)
    .map((c) => (existing.has(c.id) ? { ...c, id: crypto.randomUUID() } : c));
  await saveConversations(fresh);
  await refreshConversations();
  return fresh.length;
}

export { createMessage };
