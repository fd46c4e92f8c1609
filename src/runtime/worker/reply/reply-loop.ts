/**
 * The local reply loop both engines share: the request checked, its pictures refused or inlined,
 * the plan (text, JSON, tool calls), one reply at a time with its stop, stop metering, fitting the
 * conversation to the context (and one turn fewer when the engine still finds it too long), usage
 * with cached tokens, and the completion. Each engine is an adapter that runs one generation and
 * reports what it produced (see engines/llama-cpp/llama-engine.ts, engines/web-llm/webllm-engine.ts).
 */
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, FinishReason, LoadedModel, Usage } from '../../shared/engine.ts';
import { ContextWindowExceededError, ModelNotLoadedError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { localPictures } from '../../shared/request/content-parts.ts';
import { validateChatRequest } from '../../shared/request/validate-request.ts';
import { type LocalPlan, localPlan } from '../structured/local-plan.ts';
import { replyAssembler } from '../structured/reply-assembler.ts';
import type { LocalEngine } from '../structured/schema-support.ts';
import type { TemplateMessage } from '../structured/tool-protocol.ts';
import { dropOldestTurn, fitConversation } from './context-fit.ts';
import { stopMeter } from './stop-meter.ts';

/** What an engine reports while it generates: text as it comes, then how it ended and what it cost. */
export interface Report {
  text?: string | undefined;
  finish?: FinishReason | undefined;
  usage?: Usage | undefined;
  timings?: Omit<NonNullable<ChatCompletion['timings']>, 'tokens_after_stop'> | undefined;
}

export interface ReplyLoop {
  request: ChatRequest;
  plan: LocalPlan;
  model: { id: string; name: string; contextLength: number };
  onChunk?: ((chunk: ChatCompletionChunk) => void) | undefined;
  /** Aborted when the reply is stopped (by the caller or a newer request): the stop meter starts counting. */
  stopped: AbortSignal;
  /**
   * Runs one generation over `messages`, calling `report` as it goes; throws our named errors. A
   * ContextWindowExceededError before any text makes the loop try again with the oldest turn left out.
   */
  generate(messages: TemplateMessage[], report: (report: Report) => void): Promise<void>;
}

/** The question alone is still too long: when it carries pictures, they are what the user can change, so say so. */
function picturesOrAsIs(error: ContextWindowExceededError, messages: readonly TemplateMessage[], model: ReplyLoop['model']): Error {
  const pictures = messages.at(-1)?.parts?.filter((p) => p.type === 'image_url').length ?? 0;
  if (!pictures) return error;
  const { contextLength, name } = model;
  return new ContextWindowExceededError(say('picturesTooMany', { count: pictures, model: name, contextLength }), {
    ...error.details,
    contextLength,
    pictures,
    feature: 'image input',
  });
}

const NO_USAGE: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } };

export async function replyLoop({ request, plan, model, onChunk, stopped, generate }: ReplyLoop): Promise<ChatCompletion> {
  const id = `chatcmpl-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const reply = replyAssembler(plan);
  const meter = stopMeter();
  if (stopped.aborted) meter.stopped();
  else stopped.addEventListener('abort', meter.stopped, { once: true });
  let written = false;
  let finish: FinishReason = 'stop';
  let usage: Usage | undefined;
  let timings: Report['timings'];
  const report = (r: Report) => {
    if (r.text) {
      written = true;
      meter.piece();
      const delta = reply.push(r.text);
      if (delta)
        onChunk?.({ id, object: 'chat.completion.chunk', created, model: model.id, choices: [{ index: 0, delta, finish_reason: null }] });
    }
    if (r.finish) finish = r.finish;
    if (r.usage) usage = r.usage;
    if (r.timings) timings = r.timings;
  };
  let fitted = fitConversation(plan.messages, { contextWindow: model.contextLength, reserve: request.max_tokens ?? 512 });
  for (;;) {
    try {
      await generate(fitted.messages, report);
      break;
    } catch (error) {
      // The estimate let through a conversation that is still too long: leave out one more turn.
      const tooLong = error instanceof ContextWindowExceededError && !written;
      const fewer = tooLong ? dropOldestTurn(fitted.messages) : null;
      if (!fewer) throw tooLong ? picturesOrAsIs(error, fitted.messages, model) : error;
      fitted = { messages: fewer, dropped: fitted.dropped + fitted.messages.length - fewer.length };
    }
  }
  if (stopped.aborted) finish = 'abort';
  const result = reply.result(finish);
  return {
    id,
    object: 'chat.completion',
    created,
    model: model.id,
    choices: [{ index: 0, message: result.message, finish_reason: result.finish }],
    usage: usage ?? NO_USAGE,
    timings: { ...timings, tokens_after_stop: meter.after },
    dropped_messages: fitted.dropped || undefined,
  };
}

/** An engine's reply being written: one at a time, and stopped by its caller's signal or by interrupt(). */
export class Replies {
  private current: AbortController | null = null;

  /** Runs `body` as the reply being written (stopping the one before); `onStop` is the engine's own stop, called once. */
  async run<T>(signal: AbortSignal | undefined, onStop: (() => void) | undefined, body: (stopped: AbortSignal) => Promise<T>): Promise<T> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    if (onStop) controller.signal.addEventListener('abort', onStop, { once: true });
    const stop = () => controller.abort();
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    try {
      return await body(controller.signal);
    } finally {
      signal?.removeEventListener('abort', stop);
      if (this.current === controller) this.current = null;
    }
  }

  /** Stops the reply being written, if any. */
  interrupt(): void {
    this.current?.abort();
  }
}

export interface LocalReply extends Omit<ReplyLoop, 'plan' | 'model' | 'stopped' | 'generate'> {
  engine: LocalEngine;
  /** The loaded model; none is ModelNotLoadedError. */
  model: LoadedModel | undefined;
  signal?: AbortSignal | undefined;
  /** The engine's own way to stop (web-llm's interruptGenerate), called once when the reply is stopped. */
  onStop?: (() => void) | undefined;
  /** One generation, as ReplyLoop's, with the plan to enforce and the signal that aborts when the reply is stopped. */
  generate(messages: TemplateMessage[], report: (report: Report) => void, plan: LocalPlan, stopped: AbortSignal): Promise<void>;
}

/** A reply on a local engine: everything both engines do before and around their own generation. */
export async function localReply(
  replies: Replies,
  { request, engine, model, signal, onStop, onChunk, generate }: LocalReply,
): Promise<ChatCompletion> {
  const given = validateChatRequest(request);
  if (!model) throw new ModelNotLoadedError(say('noModelLoaded'));
  const messages = await localPictures(given, { engine, model: model.name, sees: model.vision === true });
  const plan = localPlan(request, messages, engine);
  return replies.run(signal, onStop, (stopped) =>
    replyLoop({ request, plan, model, onChunk, stopped, generate: (fitted, report) => generate(fitted, report, plan, stopped) }),
  );
}
