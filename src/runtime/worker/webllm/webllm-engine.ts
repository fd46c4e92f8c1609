/**
 * web-llm's MLCEngine inside our runtime worker, behind ChatEngine. Files are downloaded by
 * model-files.ts first (progress, errors, sizes); reload() then reads them from web-llm's cache and
 * uploads the weights to the GPU. web-llm itself is imported on first use: it is 6.6 MB.
 */

import type { AppConfig, InitProgressReport, MLCEngine, ChatCompletionChunk as WebLLMChunk } from '@mlc-ai/web-llm';
import { dropOldestTurn, fitConversation } from '../../context-fit.ts';
import type {
  ChatCompletion,
  ChatEngine,
  ChatOptions,
  ChatRequest,
  FinishReason,
  LoadedModel,
  LoadOptions,
  LoadProgress,
  MlcModelSpec,
  Usage,
} from '../../engine.ts';
import { AbortError, ModelNotLoadedError } from '../../errors.ts';
import { inEnglish, say } from '../../said.ts';
import { stopMeter } from '../../stop-meter.ts';
import { rememberMlcModel } from '../../store/mlc-registry.ts';
import { asSchema, localPlan } from '../../structured/local-plan.ts';
import { replyAssembler } from '../../structured/reply-assembler.ts';
import { validateChatRequest } from '../../validate-request.ts';
import { kvCacheLength, reusedTokens } from './kv-length.ts';
import { downloadMissing, resolveModelFiles } from './model-files.ts';
import { mapWebLLMError } from './webllm-errors.ts';

let library: Promise<typeof import('@mlc-ai/web-llm')> | undefined;
export const webllm = () => (library ??= import('@mlc-ai/web-llm'));

/** An app config with just this model, and the IndexedDB backend (the old useIndexedDBCache flag is ignored since 0.2.8x). */
export function appConfigFor(spec: MlcModelSpec): AppConfig {
  return {
    cacheBackend: 'indexeddb',
    model_list: [
      {
        model: spec.url,
        model_id: spec.id,
        model_lib: spec.modelLib,
        ...(spec.vramMB ? { vram_required_MB: spec.vramMB } : {}),
        ...(spec.requiredFeatures ? { required_features: [...spec.requiredFeatures] } : {}),
        ...(spec.contextLength ? { overrides: { context_window_size: spec.contextLength } } : {}),
      },
    ],
  };
}

/** web-llm's "Loading model from cache[i/N]: …" reports, as typed GPU-upload progress. */
export function uploadProgress(report: InitProgressReport, weightBytes: number): LoadProgress | null {
  const upload = /Loading model from cache\[(\d+)\/(\d+)\]/.exec(report.text);
  if (!upload) return null;
  const elapsed = report.timeElapsed;
  const fraction = Math.min(1, Math.max(0, report.progress));
  return {
    phase: 'gpu-upload',
    loadedBytes: Math.round(fraction * weightBytes),
    totalBytes: weightBytes,
    files: { done: Number(upload[1]), total: Number(upload[2]) },
    etaSeconds: fraction > 0 && elapsed > 0 ? (elapsed / fraction) * (1 - fraction) : undefined,
  };
}

/** The entries whose value is set: web-llm's types take null, not undefined, for "not given". */
function defined<T extends object>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<{
    [K in keyof T]: Exclude<T[K], undefined>;
  }>;
}

interface Loaded {
  engine: MLCEngine;
  model: LoadedModel;
}

export class WebLLMEngine implements ChatEngine<MlcModelSpec> {
  private engine: MLCEngine | null = null;
  private loaded: Loaded | null = null;
  private stopRequested = false;

  async load(spec: MlcModelSpec, { onProgress, signal }: LoadOptions = {}): Promise<LoadedModel> {
    await this.unload();
    const files = await resolveModelFiles(spec, signal);
    await rememberMlcModel({ base: files.base, lib: spec.modelLib, id: spec.id, name: spec.name });
    const fetched = await downloadMissing(spec, files, { signal, onProgress });
    if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
    onProgress?.({ phase: 'load-from-cache', loadedBytes: 0, totalBytes: files.weightBytes });

    const { MLCEngine } = await webllm();
    this.engine ??= new MLCEngine({ logLevel: 'WARN' });
    const engine = this.engine;
    engine.setAppConfig(appConfigFor(spec));
    engine.setInitProgressCallback((report) => {
      const progress = uploadProgress(report, files.weightBytes);
      if (progress) onProgress?.(progress);
    });
    // unload() makes a running reload() resolve, not throw: the cancel is tracked here.
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      void engine.unload();
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await engine.reload(spec.id);
    } catch (error) {
      if (cancelled) throw new AbortError(say('loadingCancelled'));
      throw mapWebLLMError(error, spec, 'load');
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (cancelled || signal?.aborted) {
      await engine.unload();
      throw new AbortError(say('loadingCancelled'));
    }
    const vendor = await engine.getGPUVendor().catch(() => '');
    const quant = /q4f16/.test(spec.id) ? 'q4f16' : /q4f32/.test(spec.id) ? 'q4f32' : 'MLC';
    const model: LoadedModel = {
      id: spec.id,
      name: spec.name,
      url: spec.url,
      engine: 'web-llm',
      backend: 'webgpu',
      backendNote: inEnglish(say('weightsOnGpu', { quant, vendor })),
      note: say('weightsOnGpu', { quant, vendor }),
      threads: 1,
      contextLength: spec.contextLength ?? 4096,
      sizeBytes: files.weightBytes,
      fromCache: fetched === 0,
    };
    this.loaded = { engine, model };
    return model;
  }

  async chat(request: ChatRequest, { onChunk, signal }: ChatOptions = {}): Promise<ChatCompletion> {
    const messages = validateChatRequest(request);
    const loaded = this.loaded;
    if (!loaded) throw new ModelNotLoadedError(say('noModelLoaded'));
    const { engine, model } = loaded;
    const plan = localPlan(request, messages, 'web-llm');
    const reply = replyAssembler(plan);
    // web-llm's structured generation (xgrammar) takes the schema as JSON text under type json_object.
    const responseFormat = plan.constraint
      ? { type: 'json_object' as const, schema: JSON.stringify(asSchema(plan.constraint)) }
      : undefined;
    // interruptGenerate() is reset when generation starts and cannot stop prefill, so a stop is re-sent per chunk.
    this.stopRequested = false;
    const meter = stopMeter();
    const stop = () => {
      this.stopRequested = true;
      meter.stopped();
      void engine.interruptGenerate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();

    let fitted = fitConversation(plan.messages, { contextWindow: model.contextLength, reserve: request.max_tokens ?? 512 });
    const id = `chatcmpl-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    let written = false;
    let finish: FinishReason = 'stop';
    let usage: Usage | null = null;
    let speeds: ChatCompletion['timings'];
    // The cache after prefill, read when the first chunk arrives: the next decode waits for us to ask for it.
    let lengthAfterPrefill: number | undefined;
    // web-llm reuses its KV cache when the history matches its last turn; a reset is its only "evaluate it all".
    if (request.cache_prompt === false) await engine.resetChat();
    try {
      for (;;) {
        try {
          const { temperature, top_p, max_tokens, stop, seed } = request;
          lengthAfterPrefill = undefined;
          const stream = (await engine.chat.completions.create({
            messages: fitted.messages,
            stream: true,
            stream_options: { include_usage: true },
            ...defined({ temperature, top_p, max_tokens, stop, seed, response_format: responseFormat }),
          })) as AsyncIterable<WebLLMChunk>;
          for await (const chunk of stream) {
            lengthAfterPrefill ??= kvCacheLength(engine, model.id);
            if (this.stopRequested) {
              meter.stopped(); // a stop from interrupt() arrives here
              void engine.interruptGenerate();
            }
            const choice = chunk.choices[0];
            const text = choice?.delta.content;
            const delta = text ? reply.push(text) : null;
            if (text) {
              written = true;
              meter.piece();
            }
            if (delta)
              onChunk?.({
                id,
                object: 'chat.completion.chunk',
                created,
                model: model.id,
                choices: [{ index: 0, delta, finish_reason: null }],
              });
            if (choice?.finish_reason)
              finish = choice.finish_reason === 'length' ? 'length' : choice.finish_reason === 'abort' ? 'abort' : 'stop';
            if (chunk.usage) {
              // web-llm counts only the tokens it prefilled this turn; OpenAI's prompt_tokens includes the cached ones.
              const cached = reusedTokens(lengthAfterPrefill, chunk.usage.prompt_tokens);
              usage = {
                prompt_tokens: chunk.usage.prompt_tokens + cached,
                completion_tokens: chunk.usage.completion_tokens,
                total_tokens: chunk.usage.total_tokens + cached,
                prompt_tokens_details: { cached_tokens: cached },
              };
              const prefillSeconds = chunk.usage.extra?.time_to_first_token_s;
              speeds = {
                prefill_tokens_per_second: chunk.usage.extra?.prefill_tokens_per_s,
                decode_tokens_per_second: chunk.usage.extra?.decode_tokens_per_s,
                prefill_ms: prefillSeconds === undefined ? undefined : prefillSeconds * 1000,
              };
            }
          }
          break;
        } catch (error) {
          // The estimate let through a conversation that is still too long: leave out one more turn.
          const fewer =
            error instanceof Error && error.name === 'ContextWindowSizeExceededError' && !written ? dropOldestTurn(fitted.messages) : null;
          if (!fewer) throw error;
          fitted = { messages: fewer, dropped: fitted.dropped + fitted.messages.length - fewer.length };
        }
      }
    } catch (error) {
      const mapped = mapWebLLMError(error, model, 'chat');
      if (mapped.name === 'DeviceLostError') this.loaded = null;
      throw mapped;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    if (this.stopRequested) finish = 'abort';
    const result = reply.result(finish);
    return {
      id,
      object: 'chat.completion',
      created,
      model: model.id,
      choices: [{ index: 0, message: result.message, finish_reason: result.finish }],
      usage: usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } },
      timings: { ...speeds, tokens_after_stop: meter.after },
      dropped_messages: fitted.dropped || undefined,
    };
  }

  async interrupt(): Promise<void> {
    this.stopRequested = true;
    await this.loaded?.engine.interruptGenerate();
  }

  async unload(): Promise<void> {
    this.loaded = null;
    await this.engine?.unload();
  }
}
