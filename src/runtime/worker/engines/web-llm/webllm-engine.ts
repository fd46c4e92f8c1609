/**
 * web-llm's MLCEngine inside our runtime worker, behind ChatEngine. Files are downloaded by
 * model-files.ts first (progress, errors, sizes); reload() then reads them from web-llm's cache and
 * uploads the weights to the GPU. web-llm itself is imported on first use: it is 6.6 MB.
 */

import type { AppConfig, InitProgressReport, MLCEngine, ChatCompletionChunk as WebLLMChunk } from '@mlc-ai/web-llm';
import type {
  ChatCompletion,
  ChatEngine,
  ChatOptions,
  ChatRequest,
  LoadedModel,
  LoadOptions,
  LoadProgress,
  MlcModelSpec,
} from '../../../shared/engine.ts';
import { AbortError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import { localReply, Replies, type Report } from '../../reply/reply-loop.ts';
import { rememberMlcModel } from '../../store/mlc-registry.ts';
import { asSchema } from '../../structured/local-plan.ts';
import { kvCacheLength, reusedTokens } from './kv-length.ts';
import { downloadMissing, resolveModelFiles } from './model-files.ts';
import { mapWebLLMError } from './webllm-errors.ts';
import { forWebLLM } from './webllm-pictures.ts';

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
/** web-llm counts only the tokens it prefilled this turn; OpenAI's prompt_tokens includes the cached ones. */
function usageOf(usage: NonNullable<WebLLMChunk['usage']>, lengthAfterPrefill: number | undefined): Report {
  const cached = reusedTokens(lengthAfterPrefill, usage.prompt_tokens);
  const prefillSeconds = usage.extra?.time_to_first_token_s;
  return {
    usage: {
      prompt_tokens: usage.prompt_tokens + cached,
      completion_tokens: usage.completion_tokens,
      total_tokens: usage.total_tokens + cached,
      prompt_tokens_details: { cached_tokens: cached },
    },
    timings: {
      prefill_tokens_per_second: usage.extra?.prefill_tokens_per_s,
      decode_tokens_per_second: usage.extra?.decode_tokens_per_s,
      prefill_ms: prefillSeconds === undefined ? undefined : prefillSeconds * 1000,
    },
  };
}

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
  private readonly replies = new Replies();

  async load(spec: MlcModelSpec, { onProgress, signal }: LoadOptions = {}): Promise<LoadedModel> {
    await this.unload();
    const files = await resolveModelFiles(spec, signal);
    await rememberMlcModel({ base: files.base, lib: spec.modelLib, id: spec.id, name: spec.name });
    const fetched = await downloadMissing(spec, files, { signal, onProgress });
    if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
    onProgress?.({ phase: 'load-from-cache', loadedBytes: 0, totalBytes: files.weightBytes });

    const { MLCEngine, ModelType } = await webllm();
    this.engine ??= new MLCEngine({ logLevel: 'WARN' });
    const engine = this.engine;
    const config = appConfigFor(spec);
    // web-llm takes pictures only for a model recorded as a vision-language model.
    engine.setAppConfig(
      files.vision ? { ...config, model_list: config.model_list.map((m) => ({ ...m, model_type: ModelType.VLM })) } : config,
    );
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
      note: say('weightsOnGpu', { quant, vendor }),
      threads: 1,
      contextLength: spec.contextLength ?? 4096,
      sizeBytes: files.weightBytes,
      fromCache: fetched === 0,
      vision: files.vision,
    };
    this.loaded = { engine, model };
    return model;
  }

  async chat(request: ChatRequest, { onChunk, signal }: ChatOptions = {}): Promise<ChatCompletion> {
    const loaded = this.loaded;
    // web-llm reuses its KV cache when the history matches its last turn; a reset is its only "evaluate it all".
    if (loaded && request.cache_prompt === false) await loaded.engine.resetChat();
    const { temperature, top_p, max_tokens, stop, seed } = request;
    return localReply(this.replies, {
      request,
      engine: 'web-llm',
      model: loaded?.model,
      onChunk,
      signal,
      // interruptGenerate() is reset when generation starts and cannot stop prefill, so a stop is also re-sent per chunk.
      onStop: () => void loaded?.engine.interruptGenerate(),
      generate: async (fitted, report, plan, stopped) => {
        const { engine, model } = loaded as Loaded;
        // web-llm's structured generation (xgrammar) takes the schema as JSON text under type json_object.
        const responseFormat = plan.constraint
          ? { type: 'json_object' as const, schema: JSON.stringify(asSchema(plan.constraint)) }
          : undefined;
        // The cache after prefill, read when the first chunk arrives: the next decode waits for us to ask for it.
        let lengthAfterPrefill: number | undefined;
        try {
          const stream = (await engine.chat.completions.create({
            messages: forWebLLM(fitted),
            stream: true,
            stream_options: { include_usage: true },
            ...defined({ temperature, top_p, max_tokens, stop, seed, response_format: responseFormat }),
          })) as AsyncIterable<WebLLMChunk>;
          for await (const chunk of stream) {
            lengthAfterPrefill ??= kvCacheLength(engine, model.id);
            if (stopped.aborted) void engine.interruptGenerate();
            const choice = chunk.choices[0];
            const reason = choice?.finish_reason;
            report({
              text: choice?.delta.content ?? undefined,
              finish: reason ? (reason === 'length' ? 'length' : reason === 'abort' ? 'abort' : 'stop') : undefined,
            });
            if (chunk.usage) report(usageOf(chunk.usage, lengthAfterPrefill));
          }
        } catch (error) {
          const mapped = mapWebLLMError(error, model, 'chat');
          if (mapped.name === 'DeviceLostError') this.loaded = null;
          throw mapped;
        }
      },
    });
  }

  async interrupt(): Promise<void> {
    this.replies.interrupt();
    await this.loaded?.engine.interruptGenerate();
  }

  async unload(): Promise<void> {
    this.loaded = null;
    await this.engine?.unload();
  }
}
