/** Conversations as stored and exported: their shapes and schema version. */
import type { Passage } from '../../shared/documents/types.ts';
import type { ChatEngineKind, FinishReason, Usage } from '../../shared/engine.ts';
import type { Said } from '../../shared/errors/said.ts';

export const CONVERSATION_VERSION = 1;

export type StoredMessageState = 'done' | 'stopped' | 'length' | 'error';

/** What a reply was made with, and how fast. */
export interface ReplyMeta {
  model: string;
  engine: ChatEngineKind;
  finishReason: FinishReason;
  usage: Usage;
  timeToFirstTokenMs?: number | undefined;
  /** Time the engine spent evaluating the prompt's new tokens. */
  prefillMs?: number | undefined;
  prefillTokensPerSecond?: number | undefined;
  decodeTokensPerSecond?: number | undefined;
  droppedMessages?: number | undefined;
  /** Estimated price of a cloud reply in US dollars, from its token usage. */
  costUsd?: number | undefined;
  /** After Stop: tokens the engine still produced once the stop reached it. */
  tokensAfterStop?: number | undefined;
}

/** Where a reply was sent: kept even when it failed, so a cloud reply is always marked as one. */
export interface ReplySource {
  engine: ChatEngineKind;
  model: string;
  /** The cloud host the conversation went to. */
  host?: string | undefined;
  /** Asked for JSON (Settings → Advanced): shown as JSON, not Markdown. */
  format?: 'json' | undefined;
}

/** The other reply of a comparison (local or cloud), kept beside the one that is the conversation's answer. */
export interface StoredAlternative {
  content: string;
  state: StoredMessageState;
  error?: string | undefined;
  /** The error as a key and parameters, so it is shown in the reader's language; `error` is its English. */
  said?: Said | undefined;
  meta?: ReplyMeta | undefined;
  via?: ReplySource | undefined;
}

/** A picture the user attached: re-encoded on this device (no camera metadata), as a base64 `data:` URL. */
export interface StoredPicture {
  url: string;
  width: number;
  height: number;
}

export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  state: StoredMessageState;
  error?: string | undefined;
  said?: Said | undefined;
  createdAt: number;
  meta?: ReplyMeta | undefined;
  via?: ReplySource | undefined;
  /** Compared replies only: the reply not kept as the answer. */
  alternative?: StoredAlternative | undefined;
  /** The passages of the user's documents this reply was given, in the order it cites them ([1] first). */
  sources?: Passage[] | undefined;
  /** A question's pictures, in the order they were attached. */
  pictures?: StoredPicture[] | undefined;
}

export interface Conversation {
  version: typeof CONVERSATION_VERSION;
  id: string;
  title: string;
  systemPrompt: string;
  createdAt: number;
  updatedAt: number;
  messages: StoredMessage[];
}
