/** One attempt at a reply on this device or in the cloud: the request the settings make, consent, streaming, figures. */

import { figuresOf } from '../runtime/page/compare/figures.ts';
import type { CloudChatOptions } from '../runtime/page/engines/cloud/cloud-engine.ts';
import { costInUsd } from '../runtime/page/engines/cloud/pricing.ts';
import { timed } from '../runtime/page/session/timed.ts';
import type { Passage } from '../runtime/shared/documents/types.ts';
import type { ChatCompletion, ChatMessage, ChatRequest, EngineKind, FinishReason } from '../runtime/shared/engine.ts';
import { ContextWindowExceededError, ModelLoadError } from '../runtime/shared/errors/errors.ts';
import { inEnglish, type Said, say } from '../runtime/shared/errors/said.ts';
import { cloudHost, cloudModel, route } from './cloud.ts';
import { withPassages } from './documents.ts';
import { frameBatcher } from './frame-batcher.ts';
import type { Message, MessageState } from './message.ts';
import { engine, loadedModel, loadModel, session, status } from './runtime.ts';
import { responseFormat, settings, stopSequences } from './settings.ts';

export type Route = 'local' | 'cloud';

const FINISHED: Record<FinishReason, MessageState> = { stop: 'done', length: 'length', tool_calls: 'done', abort: 'stopped' };

/** The user kept the conversation on this device when asked; nothing was sent. */
export class NotSentError extends Error {
  override name = 'NotSentError';
  readonly said = say('keptLocal');
  constructor() {
    super(inEnglish(say('keptLocal')));
  }
}

const cloud = () => session.cloud as NonNullable<typeof session.cloud>;

/**
 * Whether `messages` of conversation `id` may go to the cloud now, by the session's table: the dialog
 * shows exactly what will be sent and to whom; the "Use the cloud" setting answers for an automatic
 * fallback once a key is saved. A stop while the question is open is a no.
 */
async function mayUseCloud(
  id: string,
  messages: ChatMessage[],
  reason: Said | null,
  passages: Passage[],
  signal: AbortSignal,
): Promise<boolean> {
  // A reason means the local model could not answer (an automatic fallback, or the offer under its reply).
  const purpose = reason === null ? 'chosen' : 'fallback';
  const outcome = await cloud()
    .consent({ conversation: id, messages, passages, reason, purpose }, signal)
    .catch((error: unknown) => {
      if (signal.aborted) return 'declined' as const;
      throw error;
    });
  return outcome === 'allowed';
}

/** The request the settings make of `asked` for the engine `where`. */
export function requestFor(asked: ChatMessage[], where: Route): ChatRequest {
  const { temperature, topP, maxTokens, reusePrompt } = settings.value;
  // A question with pictures goes as OpenAI's content parts, which every engine takes.
  const messages = asked.map(({ parts, ...m }) => (parts ? { ...m, content: parts } : m));
  const request: ChatRequest = { messages, temperature, top_p: topP, max_tokens: maxTokens, stop: stopSequences() };
  if (!reusePrompt && where === 'local') request.cache_prompt = false;
  const format = responseFormat(settings.value);
  if (format) request.response_format = format;
  return request;
}

/** One attempt at `reply` on the engine `where`; throws on failure, with what streamed kept in the reply. */
export async function answer(
  id: string,
  asked: ChatMessage[],
  reply: Message,
  signal: AbortSignal,
  where: Route,
  reason: Said | null,
  /** The user already agreed to this cloud request (the Compare dialog): no consent dialog. */
  agreed = false,
): Promise<void> {
  // The passages go in the system message, the same on this device and in the cloud.
  let passages = reply.sources.value ?? [];
  let request = requestFor(withPassages(asked, passages), where);
  const shape = request.response_format ? ({ format: 'json' } as const) : {};
  let run: (options: CloudChatOptions) => Promise<ChatCompletion>;
  let model: { id: string; name: string; engine: EngineKind };
  if (where === 'cloud') {
    const allowed = agreed || (await mayUseCloud(id, asked, reason, passages, signal));
    if (signal.aborted) {
      reply.state.value = 'stopped';
      return;
    }
    if (!allowed) {
      route.value = 'local';
      throw new NotSentError();
    }
    const spec = cloudModel();
    reply.via.value = { engine: 'cloud', model: spec.id, host: cloudHost(), ...shape };
    run = (options) => cloud().send(request, options);
    model = { id: spec.id, name: spec.name, engine: 'cloud' };
  } else {
    if (!loadedModel.value) {
      const loaded = await loadModel();
      if (!loaded) {
        const s = status.value;
        if (s.kind === 'error') throw s.error ?? new Error(inEnglish(s.said));
        throw new ModelLoadError(say('localModelNotLoaded'));
      }
    }
    const loaded = loadedModel.value as NonNullable<typeof loadedModel.value>;
    reply.via.value = { engine: loaded.engine, model: loaded.name, ...shape };
    // The passage budget counts 3 characters a token; a script the model's tokenizer splits finer (Cyrillic in
    // Phi-3's) can still overflow the window. Then the lowest-ranked passage goes, until the question fits.
    run = async (options) => {
      for (;;)
        try {
          return await engine.chat(request, options);
        } catch (error) {
          if (!(error instanceof ContextWindowExceededError) || !passages.length || reply.content.value) throw error;
          passages = passages.slice(0, -1);
          reply.sources.value = passages.length ? passages : null;
          request = requestFor(withPassages(asked, passages), where);
        }
    };
    model = { id: loaded.id, name: loaded.name, engine: loaded.engine };
  }
  if (signal.aborted) {
    reply.state.value = 'stopped';
    return;
  }

  const batch = frameBatcher((delta) => {
    reply.content.value += delta;
  });
  try {
    const { completion: result, times } = await timed(
      (onChunk) => run({ signal, onChunk, onRetry: (seconds) => (reply.notice.value = { kind: 'retry', seconds }) }),
      (chunk) => {
        if (reply.notice.value?.kind === 'retry') reply.notice.value = null;
        batch.push(chunk.choices[0].delta.content ?? '');
      },
    );
    batch.flush();
    const choice = result.choices[0];
    reply.content.value = choice.message.content ?? '';
    reply.meta.value = {
      model: model.name,
      engine: model.engine,
      finishReason: choice.finish_reason,
      usage: result.usage,
      timeToFirstTokenMs: times.firstTokenAt === undefined ? undefined : Math.round(times.firstTokenAt - times.sentAt),
      prefillMs: result.timings?.prefill_ms,
      prefillTokensPerSecond: result.timings?.prefill_tokens_per_second,
      // The cloud gives no rate: measured on the page's clock, as compare() measures it.
      decodeTokensPerSecond:
        result.timings?.decode_tokens_per_second ?? figuresOf(result, model.engine, model.id, times).tokensPerSecond ?? undefined,
      droppedMessages: result.dropped_messages,
      costUsd: model.engine === 'cloud' ? costInUsd(model.id, result.usage) : undefined,
      tokensAfterStop: result.timings?.tokens_after_stop,
    };
    reply.state.value = FINISHED[choice.finish_reason];
  } finally {
    batch.flush();
    if (reply.notice.value?.kind === 'retry') reply.notice.value = null;
  }
}
