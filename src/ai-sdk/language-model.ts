/**
 * InPage as an AI SDK language model (LanguageModelV4): generate and stream on the runtime's model in
 * this page (or, under the runtime's fallback policy and the user's consent, the cloud), with tools
 * and JSON schemas enforced while the reply is written.
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import type { Availability, LoadedModel, Runtime, RuntimeChatCompletion } from '../lib/types.ts';
import { AbortError } from '../runtime/shared/errors/errors.ts';
import { requestOf } from './request.ts';
import { finishReasonOf, metadataOf, usageOf } from './result.ts';

/** Stopped by the caller before any of the reply: said as fetch says it, so the AI SDK treats it as an abort. */
const aborted = (signal: AbortSignal | undefined) => signal?.aborted === true;
const abortError = () => new AbortError('The request was aborted.');

export class InPageLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly provider = 'inpage';
  readonly modelId: string;
  /** The runtime that answers: its storage, events and documents are there too. */
  readonly runtime: Runtime;
  /** Pictures the engine reads itself: from this page's memory, never fetched from the web by it. */
  readonly supportedUrls = { 'image/*': [/^data:/i, /^blob:/i] };

  constructor(modelId: string, runtime: Runtime) {
    this.modelId = modelId;
    this.runtime = runtime;
  }

  /** Whether the model answers here now, after a download, or not at all (the Prompt API's words); starts nothing. */
  availability(): Promise<Availability> {
    return this.runtime.availability({ model: this.modelId });
  }

  /** Downloads (the first time) and loads the model, reporting the share done from 0 to 1, never backwards. */
  async createSessionWithProgress(onProgress?: (fraction: number) => void): Promise<LoadedModel> {
    let done = 0;
    const off = this.runtime.on('progress', (p) => {
      if (!p.totalBytes) return;
      const share = Math.min(1, p.loadedBytes / p.totalBytes);
      // Getting the bytes is most of the wait; the engine's start (or the GPU upload) is the rest.
      const fraction = p.phase === 'start' || p.phase === 'gpu-upload' ? 0.9 + 0.1 * share : 0.9 * share;
      if (fraction <= done) return;
      done = fraction;
      onProgress?.(fraction);
    });
    try {
      const loaded = await this.runtime.load({ model: this.modelId });
      onProgress?.(1);
      return loaded;
    } finally {
      off();
    }
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { params, warnings } = requestOf(options);
    const signal = options.abortSignal;
    if (aborted(signal)) throw abortError();
    const completion = await this.runtime.chat.completions.create({ ...params, stream: false }, { signal, model: this.modelId });
    if (aborted(signal)) throw abortError();
    const { message, finish_reason: finish } = completion.choices[0];
    const content: LanguageModelV4Content[] = [];
    if (message.content) content.push({ type: 'text', text: message.content });
    for (const call of message.tool_calls ?? [])
      content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, input: call.function.arguments });
    return {
      content,
      finishReason: finishReasonOf(finish),
      usage: usageOf(completion.usage),
      providerMetadata: metadataOf(completion),
      request: { body: params },
      response: { id: completion.id, modelId: completion.model, timestamp: new Date(completion.created * 1000) },
      warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { params, warnings } = requestOf(options);
    if (aborted(options.abortSignal)) throw abortError();
    const stop = new AbortController();
    options.abortSignal?.addEventListener('abort', () => stop.abort(), { once: true });
    const chunks = await this.runtime.chat.completions.create(
      { ...params, stream: true, stream_options: { include_usage: true } },
      { signal: stop.signal, model: this.modelId },
    );
    const includeRaw = options.includeRawChunks === true;
    /** Set when the reader cancels: what the engine still says then has nobody to go to. */
    let cancelled = false;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      async start(streamController) {
        const controller = {
          enqueue: (part: LanguageModelV4StreamPart) => cancelled || streamController.enqueue(part),
          close: () => cancelled || streamController.close(),
        };
        controller.enqueue({ type: 'stream-start', warnings });
        let textOpen = false;
        let metadataSent = false;
        /** Per tool call index: its id and name, and the arguments so far. */
        const calls = new Map<number, { id: string; name: string; args: string }>();
        try {
          for await (const chunk of chunks) {
            if (includeRaw) controller.enqueue({ type: 'raw', rawValue: chunk });
            if (!metadataSent) {
              metadataSent = true;
              controller.enqueue({
                type: 'response-metadata',
                id: chunk.id,
                modelId: chunk.model,
                timestamp: new Date(chunk.created * 1000),
              });
            }
            const { delta } = chunk.choices[0];
            if (delta.content) {
              if (!textOpen) controller.enqueue({ type: 'text-start', id: '0' });
              textOpen = true;
              controller.enqueue({ type: 'text-delta', id: '0', delta: delta.content });
            }
            for (const d of delta.tool_calls ?? []) {
              let call = calls.get(d.index);
              if (!call) {
                call = { id: d.id ?? `call_${d.index}`, name: d.function?.name ?? '', args: '' };
                calls.set(d.index, call);
                controller.enqueue({ type: 'tool-input-start', id: call.id, toolName: call.name });
              }
              const piece = d.function?.arguments ?? '';
              if (piece) {
                call.args += piece;
                controller.enqueue({ type: 'tool-input-delta', id: call.id, delta: piece });
              }
            }
          }
          const completion: RuntimeChatCompletion = await chunks.finalChatCompletion();
          if (textOpen) controller.enqueue({ type: 'text-end', id: '0' });
          for (const call of calls.values()) {
            controller.enqueue({ type: 'tool-input-end', id: call.id });
            controller.enqueue({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.args });
          }
          controller.enqueue({
            type: 'finish',
            finishReason: finishReasonOf(completion.choices[0].finish_reason),
            usage: usageOf(completion.usage),
            providerMetadata: metadataOf(completion),
          });
          controller.close();
        } catch (error) {
          controller.enqueue({ type: 'error', error });
          controller.close();
        }
      },
      cancel() {
        cancelled = true;
        stop.abort();
      },
    });
    return { stream, request: { body: params } };
  }
}
