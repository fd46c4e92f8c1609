/**
 * The models InPage offers, as families with one variant per engine and quantisation. web-llm
 * records mirror web-llm 0.2.86's prebuilt list (a unit test keeps them in step); the page imports
 * this file, so it must not import web-llm itself (6.6 MB).
 */

import type { GgufModelSpec, MlcModelSpec, ModelSpec } from '../engine.ts';
import { InvalidRequestError } from '../errors/errors.ts';
import { say } from '../errors/said.ts';
import type { AddressOf } from '../words/en.ts';

/** web-llm 0.2.86's compiled model libraries; a library must come from the same web-llm version. */
export const WEBLLM_LIB_PREFIX = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';

export type MlcVariant = MlcModelSpec & { quantization: string; vramMB: number; approxBytes: number };
/** `gpuOnly`: too large for WebAssembly's 4 GiB, so llama.cpp can run it only with its layers on WebGPU. */
export type GgufVariant = GgufModelSpec & { quantization: string; memoryBytes: number; gpuOnly?: boolean };
export type CatalogVariant = MlcVariant | GgufVariant;

export interface CatalogFamily {
  id: string;
  name: string;
  params: string;
  license: string;
  /** Small enough for phones and low-memory devices. */
  small: boolean;
  /** Several GB of download that only a large GPU can hold: never chosen automatically, offered only where the probe says it fits. */
  large?: boolean;
  /** Sees pictures: offered when a picture is sent to a model that cannot. */
  vision?: boolean;
  variants: readonly CatalogVariant[];
}

const GB = 1e9;

/** A web-llm record: `repo` under huggingface.co/mlc-ai, `lib` under WEBLLM_LIB_PREFIX. */
function mlc(
  id: string,
  name: string,
  repo: string,
  lib: string,
  v: { quantization: string; vramMB: number; approxBytes: number; contextLength: number; f16?: boolean },
): MlcVariant {
  return {
    engine: 'web-llm',
    id,
    name,
    url: `https://huggingface.co/mlc-ai/${repo}`,
    modelLib: WEBLLM_LIB_PREFIX + lib,
    contextLength: v.contextLength,
    vramMB: v.vramMB,
    approxBytes: v.approxBytes,
    quantization: v.quantization,
    requiredFeatures: v.f16 ? ['shader-f16'] : undefined,
  };
}

/** The four web-llm variants of a Phi-3-class model: q4f16/q4f32, full and 1k context (1k shares weights and library). */
function phiVariants(base: string, label: string, vram: { f16: number; f32: number; f16k: number; f32k: number }): MlcVariant[] {
  const f16 = { quantization: 'q4f16_1', approxBytes: 2.15 * GB, f16: true };
  const f32 = { quantization: 'q4f32_1', approxBytes: 2.4 * GB };
  return [
    mlc(`${base}-q4f16_1-MLC`, `${label} (WebGPU, q4f16)`, `${base}-q4f16_1-MLC`, `${base}-q4f16_1_cs1k-webgpu.wasm`, {
      ...f16,
      vramMB: vram.f16,
      contextLength: 4096,
    }),
    mlc(`${base}-q4f32_1-MLC`, `${label} (WebGPU, q4f32)`, `${base}-q4f32_1-MLC`, `${base}-q4f32_1_cs1k-webgpu.wasm`, {
      ...f32,
      vramMB: vram.f32,
      contextLength: 4096,
    }),
    mlc(`${base}-q4f16_1-MLC-1k`, `${label} (WebGPU, q4f16, 1k context)`, `${base}-q4f16_1-MLC`, `${base}-q4f16_1_cs1k-webgpu.wasm`, {
      ...f16,
      vramMB: vram.f16k,
      contextLength: 1024,
    }),
    mlc(`${base}-q4f32_1-MLC-1k`, `${label} (WebGPU, q4f32, 1k context)`, `${base}-q4f32_1-MLC`, `${base}-q4f32_1_cs1k-webgpu.wasm`, {
      ...f32,
      vramMB: vram.f32k,
      contextLength: 1024,
    }),
  ];
}

/** Microsoft's official GGUF of Phi-3-mini-4k-instruct; size and sha256 as Hugging Face lists them. */
export const PHI3_MINI_Q4_GGUF: GgufVariant = {
  engine: 'llama.cpp',
  id: 'phi-3-mini-4k-instruct-q4-gguf',
  name: 'Phi-3 mini 4k instruct (CPU, Q4 GGUF)',
  url: 'https://huggingface.co/microsoft/Phi-3-mini-4k-instruct-gguf/resolve/main/Phi-3-mini-4k-instruct-q4.gguf',
  quantization: 'Q4_K_M',
  sizeBytes: 2_393_231_072,
  sha256: '8a83c7fb9049a9b2e92266fa7ad04933bb53aa1e85136b7b30f1b8000ff2edef',
  contextLength: 4096,
  // On the CPU: 2.39 GB of weights + 0.86 GB q8_0 KV cache (32 layers x 4096 positions x 3072 x 2 x 17/32) + ~0.3 GB buffers.
  memoryBytes: 3.6 * GB,
};

/** Qwen's official GGUF; its exact size is not pinned here, so only the header and Content-Length check it. */
export const QWEN25_05B_GGUF: GgufVariant = {
  engine: 'llama.cpp',
  id: 'qwen2.5-0.5b-instruct-q4_k_m-gguf',
  name: 'Qwen2.5 0.5B instruct (CPU, Q4 GGUF)',
  url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf',
  quantization: 'Q4_K_M',
  approxBytes: 0.47 * GB,
  contextLength: 4096,
  memoryBytes: 0.8 * GB,
};

/**
 * Llama 3.1 8B's web-llm builds. Download sizes are estimates from 8.03 B weights at q4f16_1's 4.5
 * bits (4-bit values, an f16 scale per 32) and q4f32_1's 5 bits; no one-file size exists to pin.
 */
const LLAMA31_8B: readonly MlcVariant[] = (
  [
    { quantization: 'q4f16_1', approxBytes: 4.5 * GB, vramMB: 5001.0, contextLength: 4096, f16: true },
    { quantization: 'q4f32_1', approxBytes: 5.0 * GB, vramMB: 6101.01, contextLength: 4096 },
    { quantization: 'q4f16_1', approxBytes: 4.5 * GB, vramMB: 4598.34, contextLength: 1024, f16: true },
    { quantization: 'q4f32_1', approxBytes: 5.0 * GB, vramMB: 5295.7, contextLength: 1024 },
  ] as const
).map((v) => {
  const repo = `Llama-3.1-8B-Instruct-${v.quantization}-MLC`;
  const short = v.contextLength === 1024 ? ', 1k context' : '';
  return mlc(
    `${repo}${short ? '-1k' : ''}`,
    `Llama 3.1 8B (WebGPU, ${v.quantization.slice(0, 5)}${short})`,
    repo,
    `Llama-3_1-8B-Instruct-${v.quantization}_cs1k-webgpu.wasm`,
    v,
  );
});

/**
 * Mistral NeMo 12B (Mistral AI and NVIDIA) as bartowski's Q4_K_M GGUF, the widely used conversion
 * (Mistral publishes no GGUF). 7.48 GB of weights cannot share WebAssembly's 4 GiB with anything,
 * so only llama.cpp's WebGPU backend can run it: weights + a 4096-token f16 KV cache (40 layers x 8
 * KV heads x 256 values x 2 bytes = 160 KiB a token, 0.67 GB) + ~0.5 GB of buffers.
 */
export const MISTRAL_NEMO_12B_GGUF: GgufVariant = {
  engine: 'llama.cpp',
  id: 'mistral-nemo-12b-instruct-q4_k_m-gguf',
  name: 'Mistral NeMo 12B instruct (WebGPU, Q4 GGUF)',
  url: 'https://huggingface.co/bartowski/Mistral-Nemo-Instruct-2407-GGUF/resolve/main/Mistral-Nemo-Instruct-2407-Q4_K_M.gguf',
  quantization: 'Q4_K_M',
  approxBytes: 7.48 * GB,
  contextLength: 4096,
  memoryBytes: 8.7 * GB,
  gpuOnly: true,
};

/**
 * SmolVLM2 500M (Hugging Face) as ggml-org's GGUF, with its SigLIP projector: the smallest published
 * vision model llama.cpp supports that reads documents and photos usefully (OCR, captions, questions),
 * in Q8_0, the type this WebAssembly build runs fastest. Sizes are as third-party catalogs list them
 * (≈ 437 MB and ≈ 109 MB); not pinned, so the header and Content-Length check the files.
 */
export const SMOLVLM2_500M_GGUF: GgufVariant = {
  engine: 'llama.cpp',
  id: 'smolvlm2-500m-video-instruct-q8_0-gguf',
  name: 'SmolVLM2 500M vision (CPU, Q8 GGUF)',
  url: 'https://huggingface.co/ggml-org/SmolVLM2-500M-Video-Instruct-GGUF/resolve/main/SmolVLM2-500M-Video-Instruct-Q8_0.gguf',
  mmproj: {
    url: 'https://huggingface.co/ggml-org/SmolVLM2-500M-Video-Instruct-GGUF/resolve/main/mmproj-SmolVLM2-500M-Video-Instruct-Q8_0.gguf',
    approxBytes: 0.109 * GB,
  },
  quantization: 'Q8_0',
  approxBytes: 0.437 * GB,
  contextLength: 4096,
  // Both files' weights + a 4096-token f16 KV cache (32 layers x 5 KV heads x 64 values x 2 x 2 bytes = 40 KiB a token, 0.17 GB) + buffers.
  memoryBytes: 0.9 * GB,
};

/** Phi-3.5-vision's web-llm builds; download sizes are estimates from 4.15 B weights at 4.5 (q4f16) and 5 (q4f32) bits. */
const PHI35_VISION: readonly MlcVariant[] = [
  mlc(
    'Phi-3.5-vision-instruct-q4f16_1-MLC',
    'Phi-3.5 vision (WebGPU, q4f16)',
    'Phi-3.5-vision-instruct-q4f16_1-MLC',
    'Phi-3.5-vision-instruct-q4f16_1_cs4k-webgpu.wasm',
    { quantization: 'q4f16_1', vramMB: 4521.54, approxBytes: 2.33 * GB, contextLength: 4096, f16: true },
  ),
  mlc(
    'Phi-3.5-vision-instruct-q4f32_1-MLC',
    'Phi-3.5 vision (WebGPU, q4f32)',
    'Phi-3.5-vision-instruct-q4f32_1-MLC',
    'Phi-3.5-vision-instruct-q4f32_1_cs4k-webgpu.wasm',
    { quantization: 'q4f32_1', vramMB: 7050.65, approxBytes: 2.6 * GB, contextLength: 4096 },
  ),
];

export const CATALOG: readonly CatalogFamily[] = [
  {
    id: 'phi-3-mini-4k',
    name: 'Phi-3 mini 4k instruct',
    params: '3.8B',
    license: 'MIT',
    small: false,
    variants: [
      ...phiVariants('Phi-3-mini-4k-instruct', 'Phi-3 mini 4k', { f16: 3672.07, f32: 5483.12, f16k: 2520.07, f32k: 3179.12 }),
      PHI3_MINI_Q4_GGUF,
    ],
  },
  {
    id: 'phi-3.5-mini',
    name: 'Phi-3.5 mini instruct',
    params: '3.8B',
    license: 'MIT',
    small: false,
    variants: phiVariants('Phi-3.5-mini-instruct', 'Phi-3.5 mini', { f16: 3672.07, f32: 5483.12, f16k: 2520.07, f32k: 3179.12 }),
  },
  {
    id: 'phi-4-mini',
    name: 'Phi-4 mini instruct',
    params: '3.8B',
    license: 'MIT',
    small: false,
    variants: [
      mlc(
        'Phi-4-mini-instruct-q4f16_1-MLC',
        'Phi-4 mini (WebGPU, q4f16)',
        'Phi-4-mini-instruct-q4f16_1-MLC',
        'Phi-4-mini-instruct-q4f16_1_cs1k-webgpu.wasm',
        {
          quantization: 'q4f16_1',
          vramMB: 3437.58,
          approxBytes: 2.2 * GB,
          contextLength: 4096,
          f16: true,
        },
      ),
      mlc(
        'Phi-4-mini-instruct-q4f32_1-MLC',
        'Phi-4 mini (WebGPU, q4f32)',
        'Phi-4-mini-instruct-q4f32_1-MLC',
        'Phi-4-mini-instruct-q4f32_1_cs1k-webgpu.wasm',
        {
          quantization: 'q4f32_1',
          vramMB: 4220.59,
          approxBytes: 2.45 * GB,
          contextLength: 4096,
        },
      ),
    ],
  },
  {
    id: 'smollm2-360m',
    name: 'SmolLM2 360M instruct',
    params: '360M',
    license: 'Apache-2.0',
    small: true,
    variants: [
      mlc(
        'SmolLM2-360M-Instruct-q4f16_1-MLC',
        'SmolLM2 360M (WebGPU, q4f16)',
        'SmolLM2-360M-Instruct-q4f16_1-MLC',
        'SmolLM2-360M-Instruct-q4f16_1_cs1k-webgpu.wasm',
        {
          quantization: 'q4f16_1',
          vramMB: 376.06,
          approxBytes: 0.21 * GB,
          contextLength: 4096,
          f16: true,
        },
      ),
      mlc(
        'SmolLM2-360M-Instruct-q4f32_1-MLC',
        'SmolLM2 360M (WebGPU, q4f32)',
        'SmolLM2-360M-Instruct-q4f32_1-MLC',
        'SmolLM2-360M-Instruct-q4f32_1_cs1k-webgpu.wasm',
        {
          quantization: 'q4f32_1',
          vramMB: 579.61,
          approxBytes: 0.23 * GB,
          contextLength: 4096,
        },
      ),
    ],
  },
  {
    id: 'qwen2.5-0.5b',
    name: 'Qwen2.5 0.5B instruct',
    params: '0.5B',
    license: 'Apache-2.0',
    small: true,
    variants: [
      mlc(
        'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
        'Qwen2.5 0.5B (WebGPU, q4f16)',
        'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
        'Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm',
        {
          quantization: 'q4f16_1',
          vramMB: 944.62,
          approxBytes: 0.28 * GB,
          contextLength: 4096,
          f16: true,
        },
      ),
      mlc(
        'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
        'Qwen2.5 0.5B (WebGPU, q4f32)',
        'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
        'Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm',
        {
          quantization: 'q4f32_1',
          vramMB: 1060.2,
          approxBytes: 0.31 * GB,
          contextLength: 4096,
        },
      ),
      QWEN25_05B_GGUF,
    ],
  },
  {
    id: 'llama-3.1-8b',
    name: 'Llama 3.1 8B instruct',
    params: '8B',
    license: 'Llama 3.1 Community',
    small: false,
    large: true,
    variants: LLAMA31_8B,
  },
  {
    id: 'mistral-nemo-12b',
    name: 'Mistral NeMo 12B instruct',
    params: '12B',
    license: 'Apache-2.0',
    small: false,
    large: true,
    variants: [MISTRAL_NEMO_12B_GGUF],
  },
  {
    id: 'phi-3.5-vision',
    name: 'Phi-3.5 vision instruct',
    params: '4.2B',
    license: 'MIT',
    small: false,
    vision: true,
    variants: PHI35_VISION,
  },
  {
    id: 'smolvlm2-500m',
    name: 'SmolVLM2 500M vision',
    params: '0.5B',
    license: 'Apache-2.0',
    small: false,
    vision: true,
    variants: [SMOLVLM2_500M_GGUF],
  },
];

export const DEFAULT_FAMILY = CATALOG[0] as CatalogFamily;
export const ALL_VARIANTS: readonly CatalogVariant[] = CATALOG.flatMap((f) => f.variants);

export function findModel(id: string): CatalogVariant | undefined {
  return ALL_VARIANTS.find((m) => m.id === id);
}

export function familyOf(id: string): CatalogFamily | undefined {
  return CATALOG.find((f) => f.variants.some((v) => v.id === id));
}

/** Download size to show: exact where known, else the estimate; a vision model's projector included. */
export { downloadBytes } from '../engines/index.ts';

/** Whether a catalog model sees pictures: a vision family's, or a GGUF given with its projector. */
export function seesPictures(model: ModelSpec): boolean {
  return ('mmproj' in model && model.mmproj !== undefined) || familyOf(model.id)?.vision === true;
}

function absoluteUrl(text: string, base: string | undefined, what: AddressOf): URL {
  // An absolute address, or a path on this site (a self-hosted model); anything else is a typo, not a file name.
  const relative = /^\.{0,2}\//.test(text);
  let url: URL;
  try {
    url = new URL(text, relative ? base : undefined);
  } catch {
    throw new InvalidRequestError(say('notAnAddress', { text, what }));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidRequestError(say('httpOnly', { protocol: url.protocol }));
  }
  return url;
}

/**
 * A model given by address, as in a `?model=` link: a catalog id, a GGUF file (with `mmproj`, a vision
 * model and its projector), or (with `lib`) an MLC model's base URL and its compiled library, for
 * self-hosted mirrors. Checked here so a typo fails before anything is fetched.
 */
export function modelFromUrl(input: string, base?: string, lib?: string | null, mmproj?: string | null): ModelSpec {
  const text = input.trim();
  const known = ALL_VARIANTS.find((m) => m.id === text || m.url === text);
  if (known) return known;
  const url = absoluteUrl(text, base, lib ? 'folder' : 'gguf');
  if (lib) {
    const library = absoluteUrl(lib.trim(), base, 'library');
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    const name = decodeURIComponent(
      url.pathname
        .replace(/\/resolve\/[^/]+\/$/, '/')
        .split('/')
        .filter(Boolean)
        .pop() || url.hostname,
    );
    return { engine: 'web-llm', id: url.href, name, url: url.href, modelLib: library.href };
  }
  if (url.pathname.endsWith('/')) {
    throw new InvalidRequestError(say('folderNotModel', { url: url.href }));
  }
  const file = decodeURIComponent(url.pathname.split('/').pop() || url.hostname);
  if (!mmproj) return { engine: 'llama.cpp', id: url.href, name: file, url: url.href };
  const projector = absoluteUrl(mmproj.trim(), base, 'gguf');
  // Another projector makes another model: the id names both files.
  return { engine: 'llama.cpp', id: `${url.href} ${projector.href}`, name: file, url: url.href, mmproj: { url: projector.href } };
}
