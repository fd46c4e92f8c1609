/** Embedding models for the document index: GGUF files for llama.cpp, and web-llm's builds for WebGPU. */
import { modelFromUrl, WEBLLM_LIB_PREFIX } from './catalog.ts';
import type { GgufModelSpec, MlcModelSpec, ModelSpec } from './engine.ts';

/**
 * BAAI's bge-small-en-v1.5 (33 M parameters, 384 dimensions, 512 tokens, MIT) as CompendiumLabs' F32
 * GGUF, the original weights. F32 because llama.cpp's WebAssembly build embeds it about three times
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

export const EMBEDDING_MODELS: readonly ModelSpec[] = [BGE_SMALL_EN, BGE_SMALL_EN_Q8, ARCTIC_EMBED_S, ARCTIC_EMBED_M];

/**
 * The embedding model an option or `?embed=` names: a catalog id, a GGUF file's address, or (with
 * `lib`) an MLC model's base URL; BGE small when none is named.
 */
export function embeddingModelFrom(input: string | null | undefined, base?: string, lib?: string | null): ModelSpec {
  const text = input?.trim();
  if (!text) return BGE_SMALL_EN;
  const known = EMBEDDING_MODELS.find((m) => m.id === text || m.url === text);
  if (known) return known;
  return modelFromUrl(text, base, lib);
}
