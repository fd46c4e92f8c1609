/** One attempt at a reply on this device or in the cloud: the request the settings make, consent, streaming, figures. */

import type { CloudEngine } from '../runtime/cloud/cloud-engine.ts';
import { costInUsd } from '../runtime/cloud/pricing.ts';
import { figuresOf } from '../runtime/compare/figures.ts';
import type { ChatEngine, ChatMessage, ChatRequest, EngineKind, FinishReason, ModelSpec } from '../runtime/engine.ts';
import { ModelLoadError } from '../runtime/errors.ts';
import { inEnglish, type Said, say } from '../runtime/said.ts';
import { cloudEngine, cloudHost, cloudModel, consentRequest, mayUseCloud, route } from './cloud.ts';
import { withPassages } from './documents.ts';
import { frameBatcher } from './frame-batcher.ts';
import type { Message, MessageState } from './message.ts';
import { engine, loadedModel, loadModel, status } from './runtime.ts';
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

/** The request the settings make of `asked` for the engine `where`. */
export function requestFor(asked: ChatMessage[], where: Route): ChatRequest {
  const { temperature, topP, maxTokens, reusePrompt } = settings.value;
  const request: ChatRequest = { messages: asked, temperature, top_p: topP, max_tokens: maxTokens, stop: stopSequences() };
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
  const passages = reply.sources.value ?? [];
  const request = requestFor(withPassages(asked, passages), where);
  const shape = request.response_format ? ({ format: 'json' } as const) : {};
  let chatEngine: ChatEngine<ModelSpec> | CloudEngine;
  let model: { id: string; name: string; engine: EngineKind };
  if (where === 'cloud') {
    // Stop while the question is open closes it: nothing is sent.
    const close = () => consentRequest.value?.answer(false);
    signal.addEventListener('abort', close);
    const allowed = agreed || (await mayUseCloud(id, asked, reason, passages).finally(() => signal.removeEventListener('abort', close)));
    if (signal.aborted) {
      reply.state.value = 'stopped';
      return;
    }
    if (!allowed) {
      route.value = 'local';
      throw new NotSentError();
    }
    const spec = cloudModel();
    await cloudEngine.load(spec);
    reply.via.value = { engine: 'cloud', model: spec.id, host: cloudHost(), ...shape };
    chatEngine = cloudEngine;
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
    chatEngine = engine;
    model = { id: loaded.id, name: loaded.name, engine: loaded.engine };
  }
  if (signal.aborted) {
    reply.state.value = 'stopped';
    return;
  }

  const batch = frameBatcher((delta) => {
    reply.content.value += delta;
  });
  const sentAt = performance.now();
  let firstTokenAt: number | undefined;
  try {
    const result = await chatEngine.chat(request, {
      signal,
      onChunk: (chunk) => {
        firstTokenAt ??= performance.now();
        if (reply.notice.value?.kind === 'retry') reply.notice.value = null;
        batch.push(chunk.choices[0].delta.content ?? '');
      },
      onRetry: (seconds: number) => {
        reply.notice.value = { kind: 'retry', seconds };
      },
    });
    batch.flush();
    const choice = result.choices[0];
    reply.content.value = choice.message.content ?? '';
    reply.meta.value = {
      model: model.name,
      engine: model.engine,
      finishReason: choice.finish_reason,
      usage: result.usage,
      timeToFirstTokenMs: firstTokenAt === undefined ? undefined : Math.round(firstTokenAt - sentAt),
      prefillMs: result.timings?.prefill_ms,
      prefillTokensPerSecond: result.timings?.prefill_tokens_per_second,
      // The cloud gives no rate: measured on the page's clock, as compare() measures it.
      decodeTokensPerSecond:
        result.timings?.decode_tokens_per_second ??
        figuresOf(result, model.engine, model.id, { sentAt, firstTokenAt, doneAt: performance.now() }).tokensPerSecond ??
        undefined,
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
