import { type Signal, signal } from '@preact/signals';
import type { ChatMessage, FinishReason, ModelSpec, Usage } from '../runtime/engine.ts';
import { InPageError, WorkerCrashedError } from '../runtime/errors.ts';
import { frameBatcher } from './frame-batcher.ts';
import { type Alternative, alternativesOf, engine, loadedModel, loadModel, selectedModel, status } from './runtime.ts';
import { maxTokens, stopSequences, temperature, topP } from './settings.ts';

/** streaming: being written; done/stopped/length: finished that way; error: cut short by a failure. */
export type MessageState = 'streaming' | 'done' | 'stopped' | 'length' | 'error';

export interface Message {
  id: string;
  role: 'user' | 'assistant';
  /** A signal per message, so a streamed token updates one text node, not the list. */
  content: Signal<string>;
  state: Signal<MessageState>;
  error: Signal<string | null>;
  /** What a failed reply offers instead (another engine, a smaller model…), for the model it failed on. */
  alternatives: Signal<{ kinds: Alternative[]; model: ModelSpec } | null>;
  meta: Signal<{
    finishReason: FinishReason;
    usage: Usage;
    tokensPerSecond?: number | undefined;
    droppedMessages?: number | undefined;
  } | null>;
}

export const messages = signal<Message[]>([]);
export const generating = signal(false);
let controller: AbortController | null = null;

function createMessage(role: Message['role'], content: string, state: MessageState): Message {
  return {
    id: crypto.randomUUID(),
    role,
    content: signal(content),
    state: signal(state),
    error: signal(null),
    alternatives: signal(null),
    meta: signal(null),
  };
}

/** The conversation as the engine sees it: failed replies with nothing in them are left out. */
function history(list: readonly Message[]): ChatMessage[] {
  return list
    .filter((m) => m.state.value !== 'error' || m.content.value.length > 0)
    .map((m) => ({ role: m.role, content: m.content.value }));
}

const FINISHED: Record<FinishReason, MessageState> = { stop: 'done', length: 'length', abort: 'stopped' };

/** Sends `text` and streams the reply into a new assistant message; loads the model first if needed. */
export async function send(text: string): Promise<void> {
  if (generating.value || !text.trim()) return;
  const previous = messages.value;
  const user = createMessage('user', text, 'done');
  const reply = createMessage('assistant', '', 'streaming');
  messages.value = [...previous, user, reply];
  generating.value = true;
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
    if (current.signal.aborted) {
      reply.state.value = 'stopped';
      return;
    }
    const result = await engine.chat(
      {
        messages: history([...previous, user]),
        temperature: temperature.value,
        top_p: topP.value,
        max_tokens: maxTokens.value,
        stop: stopSequences(),
      },
      { signal: current.signal, onChunk: (chunk) => batch.push(chunk.choices[0].delta.content ?? '') },
    );
    batch.flush();
    const choice = result.choices[0];
    reply.content.value = choice.message.content;
    reply.meta.value = {
      finishReason: choice.finish_reason,
      usage: result.usage,
      tokensPerSecond: result.tokens_per_second,
      droppedMessages: result.dropped_messages,
    };
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
  }
}

/** Stops the reply being written; what was written so far is kept. */
export function stop(): void {
  controller?.abort();
}
