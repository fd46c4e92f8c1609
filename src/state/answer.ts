/**
 * One reply, answered by the session (which decides where it goes, asks for consent and loads the
 * model): the request the settings make, the reply streaming in once a frame, and its figures.
 */
import type { AnswerSource, ChatAnswer } from '../runtime/index.ts';
import type { ChatMessage, ChatRequest, FinishReason } from '../runtime/shared/engine.ts';
import { ConsentRequiredError, isAbortError } from '../runtime/shared/errors/errors.ts';
import type { Said } from '../runtime/shared/errors/said.ts';
import { cloudHost, route } from './cloud.ts';
import { frameBatcher } from './frame-batcher.ts';
import type { Message, MessageState } from './message.ts';
import { session } from './runtime.ts';
import { responseFormat, settings, stopSequences } from './settings.ts';

export type Route = 'local' | 'cloud';

const FINISHED: Record<FinishReason, MessageState> = { stop: 'done', length: 'length', tool_calls: 'done', abort: 'stopped' };

/** The request the settings make of `asked`. */
export function requestFor(asked: readonly ChatMessage[]): ChatRequest {
  const { temperature, topP, maxTokens, reusePrompt } = settings.value;
  // A question with pictures goes as OpenAI's content parts, which every engine takes.
  const messages = asked.map(({ parts, ...m }) => (parts ? { ...m, content: parts } : m));
  const request: ChatRequest = { messages, temperature, top_p: topP, max_tokens: maxTokens, stop: stopSequences() };
  // Only this device's engines read it; the cloud's request is built from OpenAI's fields alone.
  if (!reusePrompt) request.cache_prompt = false;
  const format = responseFormat(settings.value);
  if (format) request.response_format = format;
  return request;
}

/** The reply's record of where it went, set before it streams: a cloud reply is marked from its first token. */
export function marked(reply: Message, request: ChatRequest, source: AnswerSource): void {
  const shape = request.response_format ? ({ format: 'json' } as const) : {};
  reply.via.value =
    source.engine === 'cloud'
      ? { engine: 'cloud', model: source.model, host: source.host ?? cloudHost(), ...shape }
      : { engine: source.engine, model: source.name, ...shape };
  if (source.fallback && source.reason) {
    // This device could not answer, and the settings let the cloud: said on the reply, and the next message goes there too.
    reply.content.value = '';
    reply.notice.value = { kind: 'fallback', reason: source.reason };
    route.value = 'cloud';
  }
}

export function finished(reply: Message, { completion, source, figures, passages }: ChatAnswer, given: number): void {
  const choice = completion.choices[0];
  reply.content.value = choice.message.content ?? '';
  // The lowest-ranked passages were left out when the model's window could not hold them all.
  if (given) reply.sources.value = passages.length ? passages : null;
  const timings = completion.timings;
  reply.meta.value = {
    model: source.engine === 'cloud' ? source.model : source.name,
    engine: source.engine,
    finishReason: choice.finish_reason,
    usage: completion.usage,
    timeToFirstTokenMs: figures.timeToFirstTokenMs ?? undefined,
    prefillMs: timings?.prefill_ms,
    prefillTokensPerSecond: timings?.prefill_tokens_per_second,
    // The cloud gives no rate: measured on the page's clock, as compare() measures it.
    decodeTokensPerSecond: timings?.decode_tokens_per_second ?? figures.tokensPerSecond ?? undefined,
    droppedMessages: completion.dropped_messages,
    costUsd: source.engine === 'cloud' ? (figures.costUsd ?? undefined) : undefined,
    tokensAfterStop: timings?.tokens_after_stop,
  };
  reply.state.value = FINISHED[choice.finish_reason];
}

/**
 * `reply` to `asked` in conversation `id`, on the route the user chose ("cloud", or this device with
 * the cloud as the session's table allows); `reason` is why this device could not answer, when the
 * user took the cloud's offer. Throws on failure, with what streamed kept in the reply.
 */
export async function answer(
  id: string,
  asked: readonly ChatMessage[],
  reply: Message,
  signal: AbortSignal,
  where: Route,
  reason: Said | null,
): Promise<void> {
  const passages = reply.sources.value ?? [];
  const request = requestFor(asked);
  const batch = frameBatcher((delta) => {
    reply.content.value += delta;
  });
  try {
    const result = await session.chat(request, {
      where: where === 'cloud' ? 'cloud' : 'auto',
      conversation: id,
      passages,
      reason,
      signal,
      onSource: (source) => marked(reply, request, source),
      onRetry: (seconds) => (reply.notice.value = { kind: 'retry', seconds }),
      onChunk: (chunk) => {
        if (reply.notice.value?.kind === 'retry') reply.notice.value = null;
        batch.push(chunk.choices[0].delta.content ?? '');
      },
    });
    batch.flush();
    finished(reply, result, passages.length);
  } catch (error) {
    // Stopped before a word was written (while the cloud's question was open, say): what there is stays.
    if (signal.aborted && isAbortError(error)) {
      reply.state.value = 'stopped';
      return;
    }
    // The person kept the conversation here: the next message goes to this device.
    if (error instanceof ConsentRequiredError && error.details.reason === 'declined') route.value = 'local';
    throw error;
  } finally {
    batch.flush();
    if (reply.notice.value?.kind === 'retry') reply.notice.value = null;
  }
}
