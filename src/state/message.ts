import { type Signal, signal } from '@preact/signals';
import type {
  ReplyMeta,
  ReplySource,
  StoredAlternative,
  StoredMessage,
  StoredMessageState,
  StoredPicture,
} from '../runtime/page/conversations/conversation.ts';
import type { Passage } from '../runtime/shared/documents/types.ts';
import type { ModelSpec } from '../runtime/shared/engine.ts';
import { inEnglish, type Said, say } from '../runtime/shared/errors/said.ts';
import type { Alternative } from './runtime.ts';

/** streaming: being written; done/stopped/length: finished that way; error: cut short by a failure. */
export type MessageState = 'streaming' | StoredMessageState;

/** A passing remark about a reply: why the cloud answered it, or a rate limit being waited out. Not stored. */
export type ReplyNotice =
  | { kind: 'fallback'; reason: Said }
  | { kind: 'retry'; seconds: number }
  /** The documents could not be searched, so this reply was answered without them. */
  | { kind: 'no-documents'; reason: Said };

/** A message on screen. Each part is a signal, so a streamed token updates one text node, not the list. */
export interface Message {
  id: string;
  role: 'user' | 'assistant';
  createdAt: number;
  content: Signal<string>;
  state: Signal<MessageState>;
  /** Why the reply failed, worded by the UI in the user's language. */
  error: Signal<Said | null>;
  /** What a failed reply offers instead (another engine, a smaller model…), for the model it failed on. */
  alternatives: Signal<{ kinds: Alternative[]; model: ModelSpec } | null>;
  meta: Signal<ReplyMeta | null>;
  /** The engine and model a reply was sent to, set before it streams: a cloud reply is marked from its first token. */
  via: Signal<ReplySource | null>;
  /** A passing remark about this reply ("rate limited; retrying in 1 s", why the cloud answered); not stored. */
  notice: Signal<ReplyNotice | null>;
  /** A compared reply: the other side's reply, shown beside this one, which is the conversation's answer. */
  alternative: Signal<Message | null>;
  /** The passages of the user's documents this reply was given, cited as [1], [2]… */
  sources: Signal<Passage[] | null>;
  /** A question's pictures, as attached (never changed afterwards). */
  pictures: readonly StoredPicture[];
}

export function createMessage(
  role: Message['role'],
  content: string,
  state: MessageState,
  pictures: readonly StoredPicture[] = [],
): Message {
  return {
    id: crypto.randomUUID(),
    role,
    createdAt: Date.now(),
    pictures,
    content: signal(content),
    state: signal(state),
    error: signal(null),
    alternatives: signal(null),
    meta: signal(null),
    via: signal(null),
    notice: signal<ReplyNotice | null>(null),
    alternative: signal<Message | null>(null),
    sources: signal<Passage[] | null>(null),
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
    error: m.error.value ? inEnglish(m.error.value) : undefined,
    said: m.error.value ?? undefined,
    createdAt: m.createdAt,
    meta: m.meta.value ?? undefined,
    via: m.via.value ?? undefined,
    alternative: m.alternative.value ? toStoredAlternative(m.alternative.value) : undefined,
    sources: m.sources.value ?? undefined,
    pictures: m.pictures.length ? [...m.pictures] : undefined,
  };
}

function toStoredAlternative(a: Message): StoredAlternative {
  const { content, state, error, said, meta, via } = toStored(a);
  return { content, state, error, said, meta, via };
}

export function fromStored(s: StoredMessage): Message {
  const m = createMessage(s.role, s.content, s.state, s.pictures ?? []);
  return {
    ...m,
    id: s.id,
    createdAt: s.createdAt,
    error: signal(s.said ?? (s.error === undefined ? null : say('plain', { text: s.error }))),
    meta: signal(s.meta ?? null),
    via: signal(s.via ?? null),
    alternative: signal(
      s.alternative ? fromStored({ ...s.alternative, id: `${s.id}:alternative`, role: 'assistant', createdAt: s.createdAt }) : null,
    ),
    sources: signal(s.sources ?? null),
  };
}
