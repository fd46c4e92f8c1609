import type { ModelSpec } from './engine.ts';
import { InvalidRequestError } from './errors.ts';

export interface CatalogEntry extends ModelSpec {
  engine: 'llama.cpp';
  quantization: string;
  sizeBytes: number;
  contextLength: number;
  /** Memory the engine needs at full context: weights plus KV cache plus working buffers. */
  memoryBytes: number;
  source: string;
  license: string;
}

/** Microsoft's official GGUF of Phi-3-mini-4k-instruct; size and sha256 as Hugging Face lists them. */
export const PHI3_MINI_Q4_GGUF: CatalogEntry = {
  id: 'phi-3-mini-4k-instruct-q4-gguf',
  name: 'Phi-3 mini 4k instruct (Q4, GGUF)',
  url: 'https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf',
  engine: 'llama.cpp',
  quantization: 'Q4_K_M',
  sizeBytes: 2_393_231_072,
  sha256: '8a83c7fb9049a9b2e92266fa7ad04933bb53aa1e85136b7b30f1b8000ff2edef',
  contextLength: 4096,
  // 2.39 GB of weights + 1.61 GB f16 KV cache (32 layers x 4096 positions x 3072 x 2) + ~0.3 GB buffers.
  memoryBytes: 4_300_000_000,
  source: 'microsoft/Phi-3-mini-4k-instruct-gguf',
  license: 'MIT',
};

export const CATALOG: readonly CatalogEntry[] = [PHI3_MINI_Q4_GGUF];
export const DEFAULT_MODEL: CatalogEntry = PHI3_MINI_Q4_GGUF;

/** A model given by address (a `?model=` link or a pasted URL), checked so a typo fails here, not mid-download. */
export function modelFromUrl(input: string, base?: string): ModelSpec {
  const text = input.trim();
  const known = CATALOG.find((m) => m.id === text || m.url === text);
  if (known) return known;
  // An absolute address, or a path on this site (a self-hosted model); anything else is a typo, not a file name.
  const relative = /^\.{0,2}\//.test(text);
  let url: URL;
  try {
    url = new URL(text, relative ? base : undefined);
  } catch {
    throw new InvalidRequestError(`"${text}" is not a web address. Paste the full link to a .gguf file, starting with https://`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidRequestError(`Models load over http(s) only; "${url.protocol}" links are not supported.`);
  }
  const file = decodeURIComponent(url.pathname.split('/').pop() || url.hostname);
  return { id: url.href, name: file, url: url.href };
}

export function findModel(id: string): CatalogEntry | undefined {
  return CATALOG.find((m) => m.id === id);
}
