import { type Signal, signal } from '@preact/signals';
import type { ReplyMeta, StoredMessage, StoredMessageState } from '../runtime/conversation.ts';
import type { ModelSpec } from '../runtime/engine.ts';
import type { Alternative } from './runtime.ts';

/** streaming: being written; done/stopped/length: finished that way; error: cut short by a failure. */
export type MessageState = 'streaming' | StoredMessageState;

/** A message on screen. Each part is a signal, so a streamed token updates one text node, not the list. */
export interface Message {
  id: string;
  role: 'user' | 'assistant';
  createdAt: number;
  content: Signal<string>;
  state: Signal<MessageState>;
  error: Signal<string | null>;
  /** What a failed reply offers instead (another engine, a smaller model…), for the model it failed on. */
  alternatives: Signal<{ kinds: Alternative[]; model: ModelSpec } | null>;
  meta: Signal<ReplyMeta | null>;
}

export function createMessage(role: Message['role'], content: string, state: MessageState): Message {
  return {
    id: crypto.randomUUID(),
    role,
    createdAt: Date.now(),
    content: signal(content),
    state: signal(state),
    error: signal(null),
    alternatives: signal(null),
    meta: signal(null),
  };
}

/** A reply still streaming is stored as stopped: if the tab closes now, that is what it was. */
export function toStored(m: Message): StoredMessage {
  const state = m.state.value === 'streaming' ? 'stopped' : m.state.value;
  return {
    id: m.id,
    role: m.role,
    content: m.content.value,
    state,
    error: m.error.value ?? undefined,
    createdAt: m.createdAt,
    meta: m.meta.value ?? undefined,
  };
}

export function fromStored(s: StoredMessage): Message {
  const m = createMessage(s.role, s.content, s.state);
  return { ...m, id: s.id, createdAt: s.createdAt, error: signal(s.error ?? null), meta: signal(s.meta ?? null) };
}
