/** Embedding models for the document index: GGUF files run by llama.cpp, stored like chat models. */
import { modelFromUrl } from './catalog.ts';
import type { GgufModelSpec } from './engine.ts';
import { InvalidRequestError } from './errors.ts';

/**
 * BAAI's bge-small-en-v1.5 (33 M parameters, 384 dimensions, 512 tokens, MIT) as ChristianAzinn's Q8_0
 * GGUF; its size is estimated from the parameters at 8.5 bits.
 */
export const BGE_SMALL_EN: GgufModelSpec = {
  engine: 'llama.cpp',
  id: 'bge-small-en-v1.5-q8_0-gguf',
  name: 'BGE small en v1.5 (embeddings, Q8 GGUF)',
  url: 'https://huggingface.co/ChristianAzinn/bge-small-en-v1.5-gguf/resolve/main/bge-small-en-v1.5.Q8_0.gguf',
  approxBytes: 36e6,
  contextLength: 512,
};

export const EMBEDDING_MODELS: readonly GgufModelSpec[] = [BGE_SMALL_EN];

/** The embedding model an option or `?embed=` names: a catalog id, or a GGUF file's address; the default when none. */
export function embeddingModelFrom(input: string | null | undefined, base?: string): GgufModelSpec {
  const text = input?.trim();
  if (!text) return BGE_SMALL_EN;
  const known = EMBEDDING_MODELS.find((m) => m.id === text || m.url === text);
  if (known) return known;
  const model = modelFromUrl(text, base);
  if (model.engine !== 'llama.cpp')
    throw new InvalidRequestError(`${text}: embedding models run on llama.cpp; give the address of a .gguf file.`);
  return model;
}
