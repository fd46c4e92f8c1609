/**
 * Compare in the app: the session compares (it asks first, as it asks before every comparison); the
 * question it asks is shown by the Compare dialog with the prompt counted in each tokenizer's tokens,
 * and on a yes both replies stream in side by side. Closing the dialog stops it all: nothing runs.
 */
import { effect, type Signal, signal } from '@preact/signals';
import type { AnswerOptions, ComparedReply } from '../runtime/index.ts';
import { o200kPromptTokens } from '../runtime/page/compare/o200k.ts';
import { withPassages } from '../runtime/page/documents/cite.ts';
import { pictureTokens } from '../runtime/page/engines/cloud/image-tokens.ts';
import type { Passage } from '../runtime/shared/documents/types.ts';
import type { ChatMessage } from '../runtime/shared/engine.ts';
import { type Said, saidOf } from '../runtime/shared/errors/said.ts';
import { finished, marked, requestFor } from './answer.ts';
import { answering, askedUpTo, failed, generating } from './chat.ts';
import { type ConsentRequest, consentRequest, refreshKeyState } from './cloud.ts';
import { active, persist } from './conversations.ts';
import { findPassages } from './documents.ts';
import { frameBatcher } from './frame-batcher.ts';
import { createMessage, type Message } from './message.ts';
import { loadedModel, selectedModel, session } from './runtime.ts';

/** A prompt's tokens; `pictures`, where it has some, is how many and what the cloud's rule says they take of `tokens`. */
export type TokenCount =
  | { kind: 'counting' }
  | { kind: 'done'; tokens: number; pictures?: { count: number; tokens: number } | undefined }
  | { kind: 'failed'; said: Said };

export interface CompareQuestion {
  /** The conversation up to the question, as it would be sent; `passages` go in its system message. */
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
  /** The session's question this dialog answers. */
  asked: ConsentRequest;
}

export const compareQuestion = signal<CompareQuestion | null>(null);

/** A comparison, from the press of Compare to both replies; aborted, it stops whatever it is doing. */
interface Run {
  controller: AbortController;
  /** The question compared: the replies come after it, and what followed it goes. */
  questionId: string;
  /** The two replies, made when the user agrees. */
  pair: { reply: Message; other: Message } | null;
  done: Promise<void>;
}
let run: Run | null = null;

const failure = (error: unknown): TokenCount => ({ kind: 'failed', said: saidOf(error) });

/** The prompt in the local model's tokens: the same request, passages included, as the local side will send. */
async function countLocally(q: CompareQuestion, signal: AbortSignal): Promise<void> {
  try {
    const { request, passages } = q.asked;
    const tokens = await session.countTokens({ ...request, messages: withPassages(request.messages, passages) }, { signal });
    q.localModel.value = loadedModel.value?.name ?? q.localModel.value;
    q.localTokens.value = { kind: 'done', tokens };
  } catch (error) {
    q.localTokens.value = failure(error);
  }
}

// The session's question about a comparison is shown by the Compare dialog, counted both ways.
effect(() => {
  const asked = consentRequest.value;
  if (asked?.purpose !== 'compare' || compareQuestion.peek()?.asked === asked) return;
  const q: CompareQuestion = {
    messages: asked.messages,
    passages: asked.passages,
    host: asked.host,
    model: asked.model,
    needsKey: asked.needsKey,
    localModel: signal(loadedModel.peek()?.name ?? selectedModel.peek().name),
    localTokens: signal<TokenCount>({ kind: 'counting' }),
    cloudTokens: signal<TokenCount>({ kind: 'counting' }),
    counted: Promise.resolve(),
    asked,
  };
  q.counted = countLocally(q, (run?.controller ?? new AbortController()).signal);
  const pictures = pictureTokens(asked.messages, q.model);
  o200kPromptTokens(withPassages(asked.messages, asked.passages)).then(
    (tokens) =>
      (q.cloudTokens.value = {
        kind: 'done',
        tokens: tokens + pictures.tokens,
        pictures: pictures.pictures ? { count: pictures.pictures, tokens: pictures.tokens } : undefined,
      }),
    (error) => (q.cloudTokens.value = failure(error)),
  );
  compareQuestion.value = q;
});

/** Both replies to the question `id`, once the user agrees in the Compare dialog; the local one becomes the answer. */
export async function openCompare(id: string): Promise<void> {
  const asked = askedUpTo(id);
  const c = active.value;
  const question = c.messages.value.find((m) => m.id === id && m.role === 'user');
  if (!asked || !question || generating.value) return;
  await refreshKeyState();
  // The passages the question retrieves go to both sides, so the dialog lists them before anything leaves.
  const passages = await findPassages(c.id, question.content.value).catch(() => []);
  run?.controller.abort();
  const mine: Run = { controller: new AbortController(), questionId: id, pair: null, done: Promise.resolve() };
  run = mine;
  const request = requestFor(asked);
  const side = (which: 'reply' | 'other'): CompareSide => {
    const batch = frameBatcher((delta) => {
      const m = mine.pair?.[which];
      if (m) m.content.value += delta;
    });
    return {
      onSource: (source) => {
        const m = mine.pair?.[which];
        if (m) marked(m, request, source);
      },
      onChunk: (chunk) => batch.push(chunk.choices[0].delta.content ?? ''),
      flush: () => batch.flush(),
    };
  };
  const local = side('reply');
  const cloud = side('other');
  mine.done = (async () => {
    try {
      const result = await session.compare(request, { conversation: c.id, passages, signal: mine.controller.signal, local, cloud });
      local.flush();
      cloud.flush();
      if (mine.pair) {
        settle(mine.pair.reply, result.local, passages.length);
        settle(mine.pair.other, result.cloud, passages.length);
      }
    } catch {
      // Closed, or stopped before it began: nothing was sent, and no reply was made.
    } finally {
      if (run === mine) run = null;
    }
  })();
  await mine.done;
}

type CompareSide = Required<Pick<AnswerOptions, 'onSource' | 'onChunk'>> & { flush(): void };

function settle(m: Message, side: ComparedReply, given: number): void {
  if (side.ok) finished(m, side.answer, given);
  else failed(m, side.error);
}

/** Closed without comparing: nothing is sent, and the local count stops. */
export function closeCompare(): void {
  const q = compareQuestion.value;
  compareQuestion.value = null;
  run?.controller.abort();
  q?.asked.answer(false);
}

/**
 * The user agreed: the two replies are made (what followed the question goes), and both are asked
 * for once the local count has given the worker back; Stop stops both.
 */
export async function confirmCompare(): Promise<void> {
  const q = compareQuestion.value;
  const mine = run;
  if (!q || !mine) return;
  compareQuestion.value = null;
  await q.counted;
  const c = active.value;
  const at = c.messages.value.findIndex((m) => m.id === mine.questionId);
  if (at < 0) return closeCompare();
  const reply = createMessage('assistant', '', 'streaming');
  const other = createMessage('assistant', '', 'streaming');
  reply.alternative.value = other;
  // Both sides get the passages the Compare dialog listed, and nothing else.
  for (const m of [reply, other]) m.sources.value = q.passages.length ? q.passages : null;
  c.messages.value = [...c.messages.value.slice(0, at + 1), reply];
  mine.pair = { reply, other };
  void answering(c, (signal) => {
    signal.addEventListener('abort', () => mine.controller.abort(), { once: true });
    return mine.done;
  });
  q.asked.answer(true);
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
