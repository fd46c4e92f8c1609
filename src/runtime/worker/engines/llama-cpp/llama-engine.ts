import type { ChatCompletionParams, StreamParams, Wllama, ChatCompletionChunk as WllamaChunk } from '@wllama/wllama';
import { probeDevice } from '../../../shared/device/probe.ts';
import { llamaWebGPU, type WebGPUVerdict } from '../../../shared/device/webgpu-check.ts';
import type {
  ChatCompletion,
  ChatEngine,
  ChatOptions,
  ChatRequest,
  EnginePreferences,
  GgufModelSpec,
  LlamaTuning,
  LoadedModel,
  LoadOptions,
  Usage,
} from '../../../shared/engine.ts';
import { AbortError, InPageError, isAbortError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import { stepTimer } from '../../../shared/step-timer.ts';
import type { WasmBuildChoice } from '../../../shared/wasm/wasm-choice.ts';
import type { GgufHeader } from '../../gguf/gguf.ts';
import { readGgufHeader } from '../../gguf/gguf-sniffer.ts';
import { workerSettings } from '../../host/settings.ts';
import { localReply, Replies } from '../../reply/reply-loop.ts';
import { openModelFile } from '../../store/model-download.ts';
import { schemaGrammar } from '../../structured/json-grammar.ts';
import { asSchema, featureOf } from '../../structured/local-plan.ts';
import { backendFromLog, mapChatError, mapLoadError } from './llama-errors.ts';
import { cpuContextOrRefuse, wantedContext } from './llama-memory.ts';
import { forLlama, projectorSpec, refuseNonProjector } from './llama-pictures.ts';
import { resolveTuning } from './llama-tuning.ts';
import { slowWeightsNote, weightsType } from './llama-weights.ts';
import { createWllama } from './wasm-build.ts';

interface Loaded {
  wllama: Wllama;
  model: LoadedModel;
}

const pick = ({ prompt_tokens, completion_tokens, total_tokens }: Usage) => ({ prompt_tokens, completion_tokens, total_tokens });

function nativeLogger(lines: string[]) {
  const keep = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
    if (lines.length > 400) lines.splice(0, 100);
  };
  const error = (...args: unknown[]) => {
    keep(...args);
    console.error(...args);
  };
  return { debug: keep, log: keep, warn: keep, error };
}

/** Whether llama.cpp will use WebGPU here, and why; `cpu` asks for the CPU. */
export async function llamaBackendFor(device: EnginePreferences['device']): Promise<WebGPUVerdict> {
  return device === 'cpu' ? { usable: false, why: say('cpuAskedFor') } : llamaWebGPU(await probeDevice());
}

/** A download's header check: a file that cannot run on the CPU is refused before the rest of it downloads. */
export function refuseWhereItCannotRun(spec: GgufModelSpec, gpu: WebGPUVerdict, tuning: LlamaTuning = resolveTuning(gpu.usable)) {
  return (header: GgufHeader, size: number) => {
    if (!gpu.usable) cpuContextOrRefuse(header, size, wantedContext(header, spec.contextLength), spec.name, tuning.cache_type);
  };
}

/** llama.cpp compiled to WebAssembly (wllama), on the CPU or, where the GPU allows, WebGPU. */
export class LlamaCppEngine implements ChatEngine<GgufModelSpec> {
  private loaded: Loaded | null = null;
  private readonly replies = new Replies();
  /** Which build, over the page's setting (the bench compares them on one engine). */
  wasmChoice: WasmBuildChoice | undefined;

  async load(
    spec: GgufModelSpec,
    { onProgress, signal, device = 'auto', threads: wantThreads, llama }: LoadOptions = {},
  ): Promise<LoadedModel> {
    const timer = stepTimer();
    await this.unload();
    const gpu = await llamaBackendFor(device);
    const tuning = resolveTuning(gpu.usable, llama);
    timer.step('probe');
    const { blob, fromCache } = await openModelFile(spec, { onProgress, signal, accept: refuseWhereItCannotRun(spec, gpu, tuning) });
    if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
    timer.step(fromCache ? 'storage' : 'download');
    const projectorFile = projectorSpec(spec);
    const projector = projectorFile
      ? await openModelFile(projectorFile, { onProgress, signal, accept: refuseNonProjector(projectorFile) })
      : null;
    if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
    const header = await readGgufHeader(blob, spec.name);
    timer.step('header');
    const wanted = wantedContext(header, spec.contextLength);
    onProgress?.({ phase: 'start', loadedBytes: 0, totalBytes: blob.size });

    // On the CPU, weights and KV cache share WebAssembly's 4 GiB: a smaller window beats a crash mid-reply.
    const contextLength = gpu.usable ? wanted : cpuContextOrRefuse(header, blob.size, wanted, spec.name, tuning.cache_type);
    const log: string[] = [];
    const { wllama, wasm } = createWllama(workerSettings.wasmFiles, this.wasmChoice ?? workerSettings.wasmBuild, {
      logger: nativeLogger(log),
    });
    const cancel = () => void wllama.exit();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await wllama.loadModel(projector ? [blob, projector.blob] : [blob], {
        n_ctx: contextLength,
        n_gpu_layers: gpu.usable ? 999 : 0,
        ...(wantThreads ? { n_threads: wantThreads } : {}),
        ...(tuning.flash_attn === undefined ? {} : { flash_attn: tuning.flash_attn }),
        ...(tuning.cache_type ? { cache_type_k: tuning.cache_type, cache_type_v: tuning.cache_type } : {}),
        ...(tuning.n_batch ? { n_batch: tuning.n_batch } : {}),
        ...(tuning.n_ubatch ? { n_ubatch: tuning.n_ubatch } : {}),
      });
    } catch (error) {
      await wllama.exit().catch(() => {});
      if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
      throw mapLoadError(error, log, spec);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    // Cancelled after llama.cpp finished (or before it started its worker): free it, or it leaks.
    if (signal?.aborted) {
      await wllama.exit().catch(() => {});
      throw new AbortError(say('loadingCancelled'));
    }
    timer.step('engine');
    const threads = wllama.getNumThreads();
    const backend = backendFromLog(log, gpu);
    const weights = weightsType(header);
    const model: LoadedModel = {
      id: spec.id,
      name: spec.name,
      url: spec.url,
      engine: 'llama.cpp',
      backend: backend.backend,
      note: backend.note,
      threads,
      contextLength,
      sizeBytes: blob.size + (projector?.blob.size ?? 0),
      fromCache,
      loadSteps: timer.steps,
      wasm: { build: wasm.build, why: wasm.why },
      vision: projector ? wllama.supportInputModality('image') : false,
      weightsType: weights,
      slowWeights: backend.backend === 'cpu' ? slowWeightsNote(spec.name, weights) : undefined,
    };
    this.loaded = { wllama, model };
    return model;
  }

  chat(request: ChatRequest, { onChunk, signal }: ChatOptions = {}): Promise<ChatCompletion> {
    const loaded = this.loaded;
    const { temperature, top_p, max_tokens, stop, seed, cache_prompt = true } = request;
    let grammar: string | null | undefined;
    return localReply(this.replies, {
      request,
      engine: 'llama.cpp',
      model: loaded?.model,
      onChunk,
      signal,
      generate: async (fitted, report, plan, stopped) => {
        const { wllama, model } = loaded as Loaded;
        grammar ??= plan.constraint ? schemaGrammar(asSchema(plan.constraint)) : null;
        let timings: WllamaChunk['timings'];
        let usage = false;
        const onData = (chunk: WllamaChunk) => {
          const choice = chunk.choices[0];
          report({ text: choice?.delta.content ?? undefined, finish: choice?.finish_reason === 'length' ? 'length' : undefined });
          if (chunk.usage) {
            usage = true;
            const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? chunk.timings?.cache_n ?? 0;
            report({ usage: { ...pick(chunk.usage), prompt_tokens_details: { cached_tokens: cached } } });
          }
          if (chunk.timings) timings = chunk.timings;
        };
        // llama-server reads these from the request JSON; wllama's type lists only some of them.
        const params = {
          messages: await forLlama(fitted),
          temperature,
          top_p,
          max_tokens,
          stop,
          seed,
          // Only tokens the schema's grammar allows are sampled; a plain grammar, as json-grammar.ts says why.
          ...(grammar ? { grammar } : {}),
          // llama-server keeps the previous prompt's KV cache and evaluates only past the longest common token prefix.
          cache_prompt,
          stream: true,
          stream_options: { include_usage: true },
          timings_per_token: true,
          abortSignal: stopped,
          onData,
        } as ChatCompletionParams & StreamParams<WllamaChunk>;
        try {
          await wllama.createChatCompletion(params);
        } catch (error) {
          if (!isAbortError(error)) {
            const mapped = mapChatError(error, model, featureOf(plan));
            if (mapped instanceof InPageError && mapped.details.fatal) await this.unload();
            throw mapped;
          }
        }
        const prompt = (timings?.prompt_n ?? 0) + (timings?.cache_n ?? 0);
        report({
          // An aborted reply has no usage chunk; the per-token timings still count what was done.
          usage: usage
            ? undefined
            : {
                prompt_tokens: prompt,
                completion_tokens: timings?.predicted_n ?? 0,
                total_tokens: prompt + (timings?.predicted_n ?? 0),
                prompt_tokens_details: { cached_tokens: timings?.cache_n ?? 0 },
              },
          timings: {
            prefill_tokens_per_second: timings?.prompt_per_second,
            decode_tokens_per_second: timings?.predicted_per_second,
            prefill_ms: timings?.prompt_ms,
          },
        });
      },
    });
  }

  async interrupt(): Promise<void> {
    this.replies.interrupt();
  }

  async unload(): Promise<void> {
    this.replies.interrupt();
    const loaded = this.loaded;
    this.loaded = null;
    await loaded?.wllama.exit().catch(() => {});
  }
}
