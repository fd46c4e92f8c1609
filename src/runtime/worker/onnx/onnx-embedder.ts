/**
 * Text embeddings with ONNX Runtime Web on the CPU: an ONNX model and its WordPiece tokenizer, as
 * transformers.js publishes them. Its int8 kernels embed bge-small about three times as fast as
 * llama.cpp's WebAssembly build does the F32 GGUF (bench: `embedding_engines`), from a third of the download.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web/wasm';
import type { LoadProgress, OnnxModelSpec, StoredFileSpec } from '../../engine.ts';
import {
  AbortError,
  ContextWindowExceededError,
  InferenceError,
  InvalidModelError,
  InvalidRequestError,
  ModelLoadError,
  ModelNotLoadedError,
} from '../../errors.ts';
import { say } from '../../said.ts';
import { deleteStoredFile } from '../../store/model-store.ts';
import { ONNX_CACHE, type WasmFiles } from '../../wasm-choice.ts';
import wasmFiles from '../../wasm-url.ts';
import { type Embedded, type Embedder, normalized } from '../embedder.ts';
import { messageOf } from '../llama-errors.ts';
import { openModelFile } from '../model-download.ts';
import { OneLoaded } from '../one-loaded.ts';
import { type WordPiece, wordPieceFrom } from './wordpiece.ts';

type Ort = typeof import('onnxruntime-web/wasm');

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
  session: InferenceSession;
  tokenizer: WordPiece;
  spec: OnnxModelSpec;
  contextLength: number;
  inputs: readonly string[];
  output: string;
}

/** The files an ONNX model is stored as: the graph, and its tokenizer as part of it (listed and deleted with it). */
export function onnxFiles(spec: OnnxModelSpec): [StoredFileSpec, StoredFileSpec] {
  const file = (url: string) => decodeURIComponent(url.split('/').pop() ?? url);
  return [
    { url: spec.url, name: spec.name, format: 'onnx', sizeBytes: spec.sizeBytes, approxBytes: spec.approxBytes },
    { url: spec.tokenizerUrl, name: `${spec.name} (${file(spec.tokenizerUrl)})`, format: 'json', partOf: spec.url },
  ];
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
  private ort: Promise<Ort> | null = null;
  wasmFiles: WasmFiles = wasmFiles;
  /** The page's thread setting, as the chat model's (null: ONNX Runtime's default, half the cores); read when the runtime starts. */
  threads: number | null = null;

  private runtime(): Promise<Ort> {
    const files = this.wasmFiles.onnx;
    if (!files?.wasm) return Promise.reject(new ModelLoadError(say('onnxEngineMissing')));
    this.ort ??= Promise.all([import('onnxruntime-web/wasm'), kept(files.wasm), kept(files.mjs)]).then(([ort, wasm]) => {
      // The bytes, not the address: read from (or put into) the offline cache here, whether or not a service worker runs.
      ort.env.wasm.wasmBinary = wasm;
      ort.env.wasm.wasmPaths = { mjs: files.mjs };
      // Already in a worker: no proxy worker of its own. Threads need cross-origin isolation; without it ORT runs one.
      ort.env.wasm.proxy = false;
      if (this.threads) ort.env.wasm.numThreads = this.threads;
      ort.env.logLevel = 'error';
      return ort;
    });
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
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(new Uint8Array(await graph.blob.arrayBuffer()), {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new InvalidModelError(say('onnxUnreadable', { name: spec.name, reason: messageOf(error) }), { reason: 'onnx' });
    }
    // Feature-extraction exports name their token vectors last_hidden_state; a sentence-embedding export may pool already.
    const output = ['last_hidden_state', 'token_embeddings', 'sentence_embedding'].find((n) => session.outputNames.includes(n));
    if (!output) {
      await session.release().catch(() => {});
      throw new InvalidModelError(say('onnxNoOutput', { name: spec.name }), { reason: 'onnx-output' });
    }
    return { session, tokenizer, spec, contextLength: spec.contextLength ?? 512, inputs: session.inputNames, output };
  }

  /** One vector per text, L2-normalized, in order: one text per run, so a stop takes effect between texts. (Measured: eight a run is no faster.) */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Embedded> {
    const loaded = this.model.current;
    if (!loaded) throw new ModelNotLoadedError(say('noEmbeddingModelLoaded'));
    if (texts.some((t) => typeof t !== 'string')) throw new InvalidRequestError(say('inputNotText'), { param: 'input' });
    const ort = await this.runtime();
    const { session, tokenizer, spec, contextLength, inputs, output } = loaded;
    const vectors: Float32Array[] = [];
    let promptTokens = 0;
    for (const [index, text] of texts.entries()) {
      if (signal?.aborted) throw new AbortError(say('embeddingCancelled'));
      const ids = tokenizer.encode(text);
      if (ids.length > contextLength)
        throw new ContextWindowExceededError(say('embedTooLong', { index, contextLength, name: spec.name }), { contextLength });
      const tensor = (fill: (id: number) => number) =>
        new ort.Tensor(
          'int64',
          BigInt64Array.from(ids, (id) => BigInt(fill(id))),
          [1, ids.length],
        );
      const feeds: Record<string, Tensor> = {};
      for (const name of inputs)
        feeds[name] = name === 'attention_mask' ? tensor(() => 1) : name === 'token_type_ids' ? tensor(() => 0) : tensor((id) => id);
      let result: InferenceSession.OnnxValueMapType;
      try {
        result = await session.run(feeds, [output]);
      } catch (error) {
        throw new InferenceError(say('embedFailed', { name: spec.name, index, reason: messageOf(error) }));
      }
      const value = result[output] as Tensor;
      const data = value.data as Float32Array;
      vectors.push(normalized(value.dims.length === 3 ? pooled(data, value.dims, 0, ids.length, spec.pooling) : Float32Array.from(data)));
      value.dispose();
      promptTokens += ids.length;
    }
    return { vectors, promptTokens, contextLength };
  }

  async unloadIf(url: string): Promise<void> {
    if (this.model.current?.spec.url === url) await this.unload();
  }

  async unload(): Promise<void> {
    const loaded = this.model.take();
    await loaded?.session.release().catch(() => {});
  }
}
