/**
 * Compare: the dialog's question (what would leave, and the prompt in each tokenizer's tokens) and
 * keeping either reply. Nothing here sends to the cloud; compareReplies runs once the user agrees.
 */

import { type Signal, signal } from '@preact/signals';
import { localPromptTokens } from '../runtime/page/compare/local-tokens.ts';
import { o200kPromptTokens } from '../runtime/page/compare/o200k.ts';
import { pictureTokens } from '../runtime/page/engines/cloud/image-tokens.ts';
import type { Passage } from '../runtime/shared/documents/types.ts';
import type { ChatMessage } from '../runtime/shared/engine.ts';
import { ModelLoadError } from '../runtime/shared/errors/errors.ts';
import { type Said, saidOf, say } from '../runtime/shared/errors/said.ts';
import { requestFor } from './answer.ts';
import { askedUpTo, compareReplies } from './chat.ts';
import { cloudHost, cloudSettings, keySaved, refreshKeyState } from './cloud.ts';
import { active, persist } from './conversations.ts';
import { findPassages, withPassages } from './documents.ts';
import type { Message } from './message.ts';
import { engine, loadedModel, loadModel, selectedModel } from './runtime.ts';

/** A prompt's tokens; `pictures`, where it has some, is how many and what the cloud's rule says they take of `tokens`. */
export type TokenCount =
  | { kind: 'counting' }
  | { kind: 'done'; tokens: number; pictures?: { count: number; tokens: number } | undefined }
  | { kind: 'failed'; said: Said };

export interface CompareQuestion {
  messageId: string;
  /** The conversation up to the question, as shown; sent with `passages` in its system message. */
  messages: ChatMessage[];
  passages: Passage[];
  host: string;
  model: string;
  needsKey: boolean;
  localModel: Signal<string>;
  localTokens: Signal<TokenCount>;
  cloudTokens: Signal<TokenCount>;
  /** Settles when the local count is over: the worker answers one request at a time. */
  counted: Promise<void>;
}

export const compareQuestion = signal<CompareQuestion | null>(null);
let counting: AbortController | null = null;

const failure = (error: unknown): TokenCount => ({ kind: 'failed', said: saidOf(error) });

async function countLocally(q: CompareQuestion, signal: AbortSignal): Promise<void> {
  try {
    if (!loadedModel.value && !(await loadModel())) throw new ModelLoadError(say('localModelNotLoaded'));
    q.localModel.value = loadedModel.value?.name ?? q.localModel.value;
    const request = requestFor(withPassages(q.messages, q.passages), 'local');
    q.localTokens.value = { kind: 'done', tokens: await localPromptTokens(engine, request, signal) };
  } catch (error) {
    q.localTokens.value = failure(error);
  }
}

/** Opens the Compare dialog for the question `id` and starts counting its prompt both ways. */
export async function openCompare(id: string): Promise<void> {
  const messages = askedUpTo(id);
  if (!messages) return;
  await refreshKeyState();
  // The passages the question retrieves go to both sides, so the dialog lists them before anything leaves.
  const c = active.value;
  const question = c.messages.value.find((m) => m.id === id)?.content.value ?? '';
  const passages = await findPassages(c.id, question).catch(() => []);
  counting?.abort();
  const current = new AbortController();
  counting = current;
  const cloudTokens = signal<TokenCount>({ kind: 'counting' });
  const localTokens = signal<TokenCount>({ kind: 'counting' });
  const q: CompareQuestion = {
    messageId: id,
    messages,
    passages,
    host: cloudHost(),
    model: cloudSettings.value.model,
    needsKey: !keySaved.value,
    localModel: signal(loadedModel.value?.name ?? selectedModel.value.name),
    localTokens,
    cloudTokens,
    counted: Promise.resolve(),
  };
  q.counted = countLocally(q, current.signal);
  const pictures = pictureTokens(messages, q.model);
  o200kPromptTokens(withPassages(messages, passages)).then(
    (tokens) =>
      (cloudTokens.value = {
        kind: 'done',
        tokens: tokens + pictures.tokens,
        pictures: pictures.pictures ? { count: pictures.pictures, tokens: pictures.tokens } : undefined,
      }),
    (error) => (cloudTokens.value = failure(error)),
  );
  compareQuestion.value = q;
}

/** Closed without comparing: nothing is sent, and the local count stops. */
export function closeCompare(): void {
  counting?.abort();
  counting = null;
  compareQuestion.value = null;
}

/** The user agreed: both replies are asked for, once the local count has given the worker back. */
export async function confirmCompare(): Promise<void> {
  const q = compareQuestion.value;
  if (!q) return;
  compareQuestion.value = null;
  counting = null;
  await q.counted;
  await compareReplies(q.messageId, q.passages);
}

/** Of a compared reply, the side that came from the cloud. */
export function cloudSideOf(m: Message): Message | null {
  if (m.via.value?.engine === 'cloud') return m;
  const other = m.alternative.value;
  return other?.via.value?.engine === 'cloud' ? other : null;
}

/** Makes `m`'s alternative the conversation's answer; the answer so far becomes the alternative. */
export async function keepAlternative(m: Message): Promise<void> {
  const other = m.alternative.value;
  if (!other || m.state.value === 'streaming' || other.state.value === 'streaming') return;
  for (const key of ['content', 'state', 'error', 'meta', 'via'] as const) {
    const mine = m[key].value;
    (m[key] as Signal<unknown>).value = other[key].value;
    (other[key] as Signal<unknown>).value = mine;
  }
  m.alternatives.value = null;
  await persist();
}
