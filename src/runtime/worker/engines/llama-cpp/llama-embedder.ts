/**
 * Text embeddings with llama.cpp (wllama) on the CPU: its own instance beside the chat model, so
 * indexing a document never unloads the model the user is talking to.
 */

import type { Wllama } from '@wllama/wllama';
import type { GgufModelSpec, LoadProgress, ModelSpec } from '../../../shared/engine.ts';
import {
  AbortError,
  ContextWindowExceededError,
  InferenceError,
  InvalidRequestError,
  ModelNotLoadedError,
} from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import type { Embedded, Embedder } from '../../documents/embedder.ts';
import { readGgufHeader } from '../../gguf/gguf-sniffer.ts';
import { OneLoaded } from '../../host/one-loaded.ts';
import { workerSettings } from '../../host/settings.ts';
import { openModelFile } from '../../store/model-download.ts';
import { mapLoadError, messageOf } from './llama-errors.ts';
import { wantedContext } from './llama-memory.ts';
import { createWllama } from './wasm-build.ts';

interface Loaded {
  wllama: Wllama;
  spec: GgufModelSpec;
  contextLength: number;
}

const quiet = { debug: () => {}, log: () => {}, warn: () => {}, error: (...args: unknown[]) => console.error(...args) };

function embedError(error: unknown, index: number, { spec, contextLength }: Loaded): Error {
  const message = messageOf(error);
  if (/context|exceed|too large|batch size/i.test(message))
    return new ContextWindowExceededError(say('embedTooLong', { index, contextLength, name: spec.name }), { contextLength });
  return new InferenceError(say('embedFailed', { name: spec.name, index, reason: message }));
}

export class LlamaEmbedder implements Embedder {
  private readonly model = new OneLoaded<Loaded>();

  /** Loads `spec` (downloading it into this browser's storage the first time) unless it is loaded. */
  async load(
    spec: ModelSpec,
    { signal, onProgress }: { signal?: AbortSignal | undefined; onProgress?: ((p: LoadProgress) => void) | undefined } = {},
  ): Promise<Loaded> {
    if (spec.engine !== 'llama.cpp') throw new InvalidRequestError(say('notGgufModel', { name: spec.name }));
    return this.model.load(spec.url, () => this.open(spec, signal, onProgress));
  }

  private async open(spec: GgufModelSpec, signal?: AbortSignal, onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    await this.unload();
    const { blob } = await openModelFile(spec, { signal, onProgress });
    if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
    const header = await readGgufHeader(blob, spec.name);
    // An embedding model reads at most its trained window (512 for BERT-class models) at once.
    const contextLength = wantedContext(header, spec.contextLength);
    const log: string[] = [];
    const keep = (...args: unknown[]) => void log.push(args.map(String).join(' '));
    const { wllama } = createWllama(workerSettings.wasmFiles, workerSettings.wasmBuild, {
      logger: { ...quiet, log: keep, debug: keep, warn: keep },
    });
    try {
      // Pooled embeddings need a whole input in one batch; the pooling is the model's own (from its GGUF).
      await wllama.loadModel([blob], {
        n_ctx: contextLength,
        n_batch: contextLength,
        n_ubatch: contextLength,
        embeddings: true,
        n_gpu_layers: 0,
        ...(workerSettings.threads ? { n_threads: workerSettings.threads } : {}),
      });
    } catch (error) {
      await wllama.exit().catch(() => {});
      throw mapLoadError(error, log, spec);
    }
    return { wllama, spec, contextLength };
  }

  /** One vector per text, L2-normalized, in order. */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Embedded> {
    const loaded = this.model.current;
    if (!loaded) throw new ModelNotLoadedError(say('noEmbeddingModelLoaded'));
    if (texts.some((t) => typeof t !== 'string')) throw new InvalidRequestError(say('inputNotText'), { param: 'input' });
    const vectors: Float32Array[] = [];
    let promptTokens = 0;
    // One text at a time: a stop takes effect between texts, and one failure names its input. (Measured: all of
    // them in one call is no faster, as wllama runs one sequence at a time.)
    for (const [index, text] of texts.entries()) {
      if (signal?.aborted) throw new AbortError(say('embeddingCancelled'));
      let response: Awaited<ReturnType<Wllama['createEmbedding']>>;
      try {
        response = await loaded.wllama.createEmbedding({ input: text.length ? text : ' ' });
      } catch (error) {
        throw embedError(error, index, loaded);
      }
      const data = response.data[0]?.embedding;
      if (!Array.isArray(data)) throw new InvalidRequestError(say('noEmbedding', { index }), { param: 'input' });
      vectors.push(Float32Array.from(data));
      promptTokens += response.usage.prompt_tokens;
    }
    return { vectors, promptTokens, contextLength: loaded.contextLength };
  }

  /** Unloads the model stored under `url` (before its file is deleted), if it is the one loaded. */
  async unloadIf(url: string): Promise<void> {
    if (this.model.current?.spec.url === url) await this.unload();
  }

  async unload(): Promise<void> {
    const loaded = this.model.take();
    await loaded?.wllama.exit().catch(() => {});
  }
}
