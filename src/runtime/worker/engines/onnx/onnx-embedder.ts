/**
 * Text embeddings with ONNX Runtime Web on the CPU: an ONNX model and its WordPiece tokenizer, as
 * transformers.js publishes them. Its int8 kernels embed bge-small about 2.5 times as fast as
 * llama.cpp's WebAssembly build does the F32 GGUF (bench: `embedding_engines`), from a quarter of the download.
 * Tokenizing, files and pooling happen here; ONNX Runtime itself runs in onnx-worker.ts.
 */
import { type Remote, transfer, wrap } from 'comlink';
import type { LoadProgress, OnnxModelSpec } from '../../../shared/engine.ts';
import {
  AbortError,
  ContextWindowExceededError,
  InferenceError,
  InvalidModelError,
  InvalidRequestError,
  ModelLoadError,
  ModelNotLoadedError,
} from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import { ONNX_CACHE } from '../../../shared/wasm/wasm-choice.ts';
import { type Embedded, type Embedder, normalized } from '../../documents/embedder.ts';
import { OneLoaded } from '../../host/one-loaded.ts';
import { workerSettings } from '../../host/settings.ts';
import { openModelFile } from '../../store/model-download.ts';
import { deleteStoredFile } from '../../store/model-store.ts';
import { messageOf } from '../llama-cpp/llama-errors.ts';
import { onnxFiles } from './onnx-files.ts';
import type { OnnxWorker } from './onnx-worker.ts';
import { type WordPiece, wordPieceFrom } from './wordpiece.ts';

/** The inputs a BERT-family export takes, as embed() fills them. */
const FED = new Set(['input_ids', 'attention_mask', 'token_type_ids', 'position_ids']);

/** A file of ONNX Runtime from the offline cache, else fetched and put there (CacheStorage, as the service worker serves it). */
async function kept(url: string): Promise<ArrayBuffer> {
  const cache = await caches.open(ONNX_CACHE).catch(() => null);
  const hit = await cache?.match(url);
  if (hit) return hit.arrayBuffer();
  const response = await fetch(url).catch(() => null);
  if (!response?.ok) throw new ModelLoadError(say('onnxEngineUnreachable', { status: response?.status ?? 0 }));
  await cache?.put(url, response.clone()).catch(() => {});
  return response.arrayBuffer();
}

interface Loaded {
  tokenizer: WordPiece;
  spec: OnnxModelSpec;
  contextLength: number;
  inputs: readonly string[];
  output: string;
}

/** [CLS]'s vector, or the mean of the real tokens', of item `b` of a [batch, tokens, width] output. */
function pooled(data: Float32Array, dims: readonly number[], b: number, tokens: number, pooling: OnnxModelSpec['pooling']): Float32Array {
  const [, seq = 1, width = 0] = dims;
  const row = (t: number) => data.subarray((b * seq + t) * width, (b * seq + t + 1) * width);
  if (pooling === 'cls') return Float32Array.from(row(0));
  const sum = new Float32Array(width);
  for (let t = 0; t < tokens; t++) {
    const r = row(t);
    for (let i = 0; i < width; i++) sum[i] = (sum[i] as number) + (r[i] as number);
  }
  return sum.map((v) => v / tokens);
}

export class OnnxEmbedder implements Embedder {
  private readonly model = new OneLoaded<Loaded>();
  /** ONNX Runtime's worker, started once: its thread count and WebAssembly stay for the worker's life. */
  private ort: Promise<Remote<OnnxWorker>> | null = null;

  private runtime(): Promise<Remote<OnnxWorker>> {
    const files = workerSettings.wasmFiles.onnx;
    if (!files?.wasm) return Promise.reject(new ModelLoadError(say('onnxEngineMissing')));
    this.ort ??= (async () => {
      // The bytes, not the address: read from (or put into) the offline cache here, whether or not a service worker runs.
      const [wasm] = await Promise.all([kept(files.wasm), kept(files.mjs)]);
      const thread = new Worker(new URL('./onnx-worker.ts', import.meta.url), { type: 'module', name: 'onnx' });
      const worker = wrap<OnnxWorker>(thread);
      try {
        await worker.start(new URL(files.mjs, self.location.href).href, transfer(wasm, [wasm]), workerSettings.threads ?? null);
      } catch (error) {
        thread.terminate();
        throw new ModelLoadError(say('onnxEngineFailed', { reason: messageOf(error) }));
      }
      return worker;
    })();
    this.ort.catch(() => (this.ort = null));
    return this.ort;
  }

  async load(
    spec: OnnxModelSpec,
    { signal, onProgress }: { signal?: AbortSignal | undefined; onProgress?: ((p: LoadProgress) => void) | undefined } = {},
  ): Promise<Loaded> {
    return this.model.load(spec.url, () => this.open(spec, signal, onProgress));
  }

  private async open(spec: OnnxModelSpec, signal?: AbortSignal, onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    await this.unload();
    const [graphFile, tokenizerFile] = onnxFiles(spec);
    // The tokenizer (under 1 MB) first: a model InPage cannot tokenize is refused before its graph is downloaded.
    const tokenizerBlob = await openModelFile(tokenizerFile, { signal, onProgress });
    let tokenizer: WordPiece;
    try {
      tokenizer = wordPieceFrom(await tokenizerBlob.blob.text(), spec.name);
    } catch (error) {
      // A file that is no tokenizer is not kept: the next try downloads it again (the address may be fixed by then).
      await deleteStoredFile(spec.tokenizerUrl).catch(() => {});
      throw error;
    }
    const before = tokenizerBlob.blob.size;
    const graph = await openModelFile(graphFile, {
      signal,
      onProgress: (p) =>
        onProgress?.({ ...p, loadedBytes: before + p.loadedBytes, totalBytes: p.totalBytes === null ? null : before + p.totalBytes }),
    });
    if (signal?.aborted) throw new AbortError(say('loadingCancelled'));
    const ort = await this.runtime();
    let names: { inputs: string[]; outputs: string[] };
    try {
      const bytes = await graph.blob.arrayBuffer();
      names = await ort.open(transfer(bytes, [bytes]));
    } catch (error) {
      throw new InvalidModelError(say('onnxUnreadable', { name: spec.name, reason: messageOf(error) }), { reason: 'onnx' });
    }
    // Feature-extraction exports name their token vectors last_hidden_state; a sentence-embedding export may pool already.
    const output = ['last_hidden_state', 'token_embeddings', 'sentence_embedding'].find((n) => names.outputs.includes(n));
    if (!output) {
      await ort.release().catch(() => {});
      throw new InvalidModelError(say('onnxNoOutput', { name: spec.name }), { reason: 'onnx-output' });
    }
    const unknown = names.inputs.find((n) => !FED.has(n));
    if (unknown) {
      await ort.release().catch(() => {});
      throw new InvalidModelError(
        say('onnxUnreadable', { name: spec.name, reason: `it needs an input "${unknown}", which a BERT-family encoder does not have` }),
        {
          reason: 'onnx-input',
        },
      );
    }
    // The window: as the catalog or the tokenizer's truncation says, else BERT's 512.
    const contextLength = spec.contextLength ?? tokenizer.maxLength ?? 512;
    return { tokenizer, spec, contextLength, inputs: names.inputs, output };
  }

  /** One vector per text, L2-normalized, in order: one text per run, so a stop takes effect between texts (measured: eight a run is no faster on one thread). */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Embedded> {
    const loaded = this.model.current;
    if (!loaded) throw new ModelNotLoadedError(say('noEmbeddingModelLoaded'));
    if (texts.some((t) => typeof t !== 'string')) throw new InvalidRequestError(say('inputNotText'), { param: 'input' });
    const ort = await this.runtime();
    const { tokenizer, spec, contextLength, inputs, output } = loaded;
    const vectors: Float32Array[] = [];
    let promptTokens = 0;
    for (const [index, text] of texts.entries()) {
      if (signal?.aborted) throw new AbortError(say('embeddingCancelled'));
      const ids = tokenizer.encode(text);
      if (ids.length > contextLength)
        throw new ContextWindowExceededError(say('embedTooLong', { index, contextLength, name: spec.name }), { contextLength });
      const tensor = (fill: (id: number, at: number) => number) => BigInt64Array.from(ids, (id, at) => BigInt(fill(id, at)));
      const feeds: Record<string, BigInt64Array> = {};
      for (const name of inputs)
        feeds[name] =
          name === 'attention_mask'
            ? tensor(() => 1)
            : name === 'token_type_ids'
              ? tensor(() => 0)
              : name === 'position_ids'
                ? tensor((_, at) => at)
                : tensor((id) => id);
      let value: { data: Float32Array; dims: number[] };
      try {
        value = await ort.run(feeds, output);
      } catch (error) {
        throw new InferenceError(say('embedFailed', { name: spec.name, index, reason: messageOf(error) }));
      }
      const { data, dims } = value;
      vectors.push(normalized(dims.length === 3 ? pooled(data, dims, 0, ids.length, spec.pooling) : Float32Array.from(data)));
      promptTokens += ids.length;
    }
    return { vectors, promptTokens, contextLength };
  }

  async unloadIf(url: string): Promise<void> {
    if (this.model.current?.spec.url === url) await this.unload();
  }

  async unload(): Promise<void> {
    if (!this.model.take() || !this.ort) return;
    await (await this.ort.catch(() => null))?.release().catch(() => {});
  }
}
