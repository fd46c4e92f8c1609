/** Talking to the model in the active conversation: send, regenerate, edit and resend, delete, stop. */
import { signal } from '@preact/signals';
import type { ReplyMeta } from '../runtime/conversation.ts';
import type { ChatMessage, FinishReason } from '../runtime/engine.ts';
import { InPageError, WorkerCrashedError } from '../runtime/errors.ts';
import { type ActiveConversation, active, persist } from './conversations.ts';
import { frameBatcher } from './frame-batcher.ts';
import { createMessage, type Message, type MessageState } from './message.ts';
import { alternativesOf, engine, loadedModel, loadModel, selectedModel, status } from './runtime.ts';
import { settings, stopSequences } from './settings.ts';

export type { Message, MessageState };

export const generating = signal(false);
let controller: AbortController | null = null;

const FINISHED: Record<FinishReason, MessageState> = { stop: 'done', length: 'length', abort: 'stopped' };

/** The conversation as the engine sees it: the system prompt, then every message but failed empty replies. */
function history(c: ActiveConversation, messages: readonly Message[]): ChatMessage[] {
  const system = c.systemPrompt.value.trim();
  const turns = messages
    .filter((m) => m.state.value !== 'error' || m.content.value.length > 0)
    .map((m): ChatMessage => ({ role: m.role, content: m.content.value }));
  return system ? [{ role: 'system', content: system }, ...turns] : turns;
}

/** Appends a reply to `c` answering everything before it, streaming it in; loads the model first if needed. */
async function respond(c: ActiveConversation): Promise<void> {
  const asked = history(c, c.messages.value);
  const reply = createMessage('assistant', '', 'streaming');
  c.messages.value = [...c.messages.value, reply];
  generating.value = true;
  void persist(c); // the question is saved before the model answers
  const current = new AbortController();
  controller = current;
  const batch = frameBatcher((delta) => {
    reply.content.value += delta;
  });
  try {
    if (!loadedModel.value) {
      const loaded = await loadModel();
      if (!loaded) {
        const s = status.value;
        if (s.kind === 'error') {
          reply.alternatives.value = s.alternatives.length ? { kinds: s.alternatives, model: s.model } : null;
          throw new Error(s.message);
        }
        throw new Error('The model was not loaded.');
      }
    }
    const model = loadedModel.value as NonNullable<typeof loadedModel.value>;
    if (current.signal.aborted) {
      reply.state.value = 'stopped';
      return;
    }
    const sentAt = performance.now();
    let firstTokenAt: number | undefined;
    let answered = false;
    const { temperature, topP, maxTokens } = settings.value;
    const result = await engine.chat(
      { messages: asked, temperature, top_p: topP, max_tokens: maxTokens, stop: stopSequences() },
      {
        signal: current.signal,
        onChunk: (chunk) => {
          // Chunks come through their own port, unordered with the result: one may arrive after it, and the result has it already.
          if (answered) return;
          firstTokenAt ??= performance.now();
          batch.push(chunk.choices[0].delta.content ?? '');
        },
      },
    );
    answered = true;
    batch.flush();
    const choice = result.choices[0];
    reply.content.value = choice.message.content;
    const meta: ReplyMeta = {
      model: model.name,
      engine: model.engine,
      finishReason: choice.finish_reason,
      usage: result.usage,
      timeToFirstTokenMs: firstTokenAt === undefined ? undefined : Math.round(firstTokenAt - sentAt),
      prefillTokensPerSecond: result.timings?.prefill_tokens_per_second,
      decodeTokensPerSecond: result.timings?.decode_tokens_per_second,
      droppedMessages: result.dropped_messages,
    };
    reply.meta.value = meta;
    reply.state.value = FINISHED[choice.finish_reason];
  } catch (error) {
    batch.flush();
    reply.error.value = error instanceof Error ? error.message : String(error);
    const kinds = alternativesOf(error);
    if (kinds.length) reply.alternatives.value = { kinds, model: selectedModel.value };
    reply.state.value = 'error';
    if (error instanceof WorkerCrashedError || (error instanceof InPageError && error.details.fatal)) loadedModel.value = null;
  } finally {
    if (controller === current) controller = null;
    generating.value = false;
    await persist(c);
  }
}

/** Sends `text` as a new message in the active conversation. */
export async function send(text: string): Promise<void> {
  if (generating.value || !text.trim()) return;
  const c = active.value;
  c.messages.value = [...c.messages.value, createMessage('user', text, 'done')];
  await respond(c);
}

/** Answers again: the reply `id` and everything after it are replaced by a new reply. */
export async function regenerate(id: string): Promise<void> {
  const c = active.value;
  const at = c.messages.value.findIndex((m) => m.id === id && m.role === 'assistant');
  if (generating.value || at < 0) return;
  c.messages.value = c.messages.value.slice(0, at);
  await respond(c);
}

/** Replaces the question `id` with `text`, drops what came after it, and asks again. */
export async function editAndResend(id: string, text: string): Promise<void> {
  const c = active.value;
  const at = c.messages.value.findIndex((m) => m.id === id && m.role === 'user');
  if (generating.value || at < 0 || !text.trim()) return;
  c.messages.value = [...c.messages.value.slice(0, at), createMessage('user', text, 'done')];
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
