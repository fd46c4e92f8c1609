/** Embedding models for the document index: ONNX for ONNX Runtime, GGUF files for llama.cpp, and web-llm's builds for WebGPU. */

import type { EmbeddingModelSpec, GgufModelSpec, MlcModelSpec, OnnxModelSpec } from '../engine.ts';
import { modelFromUrl, WEBLLM_LIB_PREFIX } from './catalog.ts';

/**
 * The default: bge-small-en-v1.5 as transformers.js publishes it (Xenova's repo), int8 weights as
 * onnxruntime's dynamic quantization writes them, on ONNX Runtime Web. It embeds 2.9 times as fast as
 * the F32 GGUF on llama.cpp (bench `embedding_engines`) from a quarter of the download; BGE small
 * int8 is how transformers.js users run it by default. Size as third-party catalogs list it; not pinned here.
 */
export const BGE_SMALL_EN_ONNX: OnnxModelSpec = {
  engine: 'onnx',
  id: 'bge-small-en-v1.5-int8-onnx',
  name: 'BGE small en v1.5 (embeddings, int8 ONNX)',
  url: 'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/onnx/model_quantized.onnx',
  tokenizerUrl: 'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/tokenizer.json',
  pooling: 'cls',
  approxBytes: 34.7e6,
  contextLength: 512,
};

/**
 * BAAI's bge-small-en-v1.5 (33 M parameters, 384 dimensions, 512 tokens, MIT) as CompendiumLabs' F32
 * GGUF, the original weights: the default before the ONNX file, and the way to run it on llama.cpp. F32 because llama.cpp's WebAssembly build embeds it about three times
 * faster than the Q8_0 file (ggml has SIMD128 code for F32; quantized types run compiler-vectorised
 * loops) for 98 MB more download, once. Size as third-party catalogs list it; not pinned here.
 */
export const BGE_SMALL_EN: GgufModelSpec = {
  engine: 'llama.cpp',
  id: 'bge-small-en-v1.5-f32-gguf',
  name: 'BGE small en v1.5 (embeddings, F32 GGUF)',
  url: 'https://huggingface.co/CompendiumLabs/bge-small-en-v1.5-gguf/resolve/main/bge-small-en-v1.5-f32.gguf',
  approxBytes: 133.6e6,
  contextLength: 512,
};

/** The earlier default, the same model as ChristianAzinn's Q8_0 GGUF: documents indexed with it are still searched with it. */
export const BGE_SMALL_EN_Q8: GgufModelSpec = {
  engine: 'llama.cpp',
  id: 'bge-small-en-v1.5-q8_0-gguf',
  name: 'BGE small en v1.5 (embeddings, Q8 GGUF)',
  url: 'https://huggingface.co/ChristianAzinn/bge-small-en-v1.5-gguf/resolve/main/bge-small-en-v1.5.Q8_0.gguf',
  approxBytes: 36e6,
  contextLength: 512,
};

/** web-llm's own embedding builds (snowflake-arctic-embed, f32 weights, 512 tokens), batches of 4; sizes estimated from f32 weights. */
function arctic(size: 's' | 'm', vramMB: number, params: number): MlcModelSpec {
  return {
    engine: 'web-llm',
    id: `snowflake-arctic-embed-${size}-q0f32-MLC-b4`,
    name: `Snowflake Arctic embed ${size} (embeddings, WebGPU)`,
    url: `https://huggingface.co/mlc-ai/snowflake-arctic-embed-${size}-q0f32-MLC`,
    modelLib: `${WEBLLM_LIB_PREFIX}snowflake-arctic-embed-${size}-q0f32-ctx512_cs512_batch4-webgpu.wasm`,
    vramMB,
    approxBytes: params * 4,
    contextLength: 512,
  };
}

export const ARCTIC_EMBED_S = arctic('s', 238.71, 33e6);
export const ARCTIC_EMBED_M = arctic('m', 539.4, 109e6);

export const EMBEDDING_MODELS: readonly EmbeddingModelSpec[] = [
  BGE_SMALL_EN_ONNX,
  BGE_SMALL_EN,
  BGE_SMALL_EN_Q8,
  ARCTIC_EMBED_S,
  ARCTIC_EMBED_M,
];

/**
 * An ONNX embedding model by its .onnx file's address, laid out as transformers.js's repos are: the
 * tokenizer.json sits above an `onnx/` folder, or beside the file. Pooled at [CLS] as BGE, GTE and
 * Arctic embed are; `#pooling=mean` names a model pooled by its mean (MiniLM, E5).
 */
export function onnxModelFrom(url: URL): OnnxModelSpec {
  const folder = new URL(url.pathname.split('/').at(-2) === 'onnx' ? '../' : './', url);
  const pooling = new URLSearchParams(url.hash.slice(1)).get('pooling') === 'mean' ? 'mean' : 'cls';
  const file = new URL(url.href);
  file.hash = '';
  const repo = /\/([^/]+)\/resolve\//.exec(url.pathname)?.[1];
  const name = decodeURIComponent(repo ? `${repo} (${url.pathname.split('/').pop()})` : (url.pathname.split('/').pop() ?? url.hostname));
  // No window: the tokenizer's truncation names it once read (else BERT's 512).
  return { engine: 'onnx', id: url.href, name, url: file.href, tokenizerUrl: new URL('tokenizer.json', folder).href, pooling };
}

/**
 * The embedding model an option or `?embed=` names: a catalog id, an ONNX or GGUF file's address, or
 * (with `lib`) an MLC model's base URL; BGE small (int8 ONNX) when none is named.
 */
export function embeddingModelFrom(input: string | null | undefined, base?: string, lib?: string | null): EmbeddingModelSpec {
  const text = input?.trim();
  if (!text) return BGE_SMALL_EN_ONNX;
  const known = EMBEDDING_MODELS.find((m) => m.id === text || m.url === text);
  if (known) return known;
  const spec = modelFromUrl(text, base, lib);
  // modelFromUrl has checked the address; a file ending in .onnx is an ONNX model.
  if (spec.engine === 'llama.cpp' && !spec.mmproj && /\.onnx$/i.test(new URL(spec.url).pathname)) return onnxModelFrom(new URL(spec.url));
  return spec;
}
