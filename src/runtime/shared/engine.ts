/** The one interface every engine implements (llama.cpp in a worker, web-llm, the cloud), and its types. */

import type { Said } from './errors/said.ts';
import type { WasmBuild } from './wasm/wasm-choice.ts';

export type * from './chat-types.ts';

import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from './chat-types.ts';

interface ModelSpecBase {
  /** Stable id: a catalog id, web-llm's model_id, or the address itself for a model loaded by URL. */
  id: string;
  name: string;
  /** GGUF: the file. MLC: the model's base URL (a Hugging Face repo, or a mirror laid out like one). */
  url: string;
  /** Download size in bytes when known exactly (checked); `approxBytes` when only estimated. */
  sizeBytes?: number | undefined;
  approxBytes?: number | undefined;
  contextLength?: number | undefined;
}

/** A GGUF file, run by llama.cpp (wllama) on the CPU or WebGPU. */
export interface GgufModelSpec extends ModelSpecBase {
  engine: 'llama.cpp';
  sha256?: string | undefined;
  /** A vision model's multimodal projector (mmproj), downloaded and stored beside it; with it the model sees pictures. */
  mmproj?: { url: string; sha256?: string | undefined; approxBytes?: number | undefined } | undefined;
  /** A projector's own spec: the model file it belongs to, so both are shown and deleted as one model. */
  partOf?: string | undefined;
}

/** An MLC-compiled model, run by web-llm on WebGPU. */
export interface MlcModelSpec extends ModelSpecBase {
  engine: 'web-llm';
  /** The compiled model library (.wasm), an absolute URL. */
  modelLib: string;
  /** GPU memory web-llm measured for this model, in MB. */
  vramMB?: number | undefined;
  /** WebGPU features the model's kernels need (q4f16 needs shader-f16). */
  requiredFeatures?: readonly string[] | undefined;
}

export type ModelSpec = GgufModelSpec | MlcModelSpec;

/**
 * An embedding model as ONNX (transformers.js's layout: `onnx/model_quantized.onnx` beside the repo's
 * `tokenizer.json`), run by ONNX Runtime Web on the CPU. Only embeddings: never a chat model.
 */
export interface OnnxModelSpec extends ModelSpecBase {
  engine: 'onnx';
  /** The tokenizer (Hugging Face's tokenizer.json, WordPiece), stored as part of the model. */
  tokenizerUrl: string;
  /** How a text's token vectors become one: the [CLS] token's (BGE, GTE, Arctic) or their mean (MiniLM, E5). */
  pooling: 'cls' | 'mean';
}

/** What can embed documents: a GGUF file, an MLC build or an ONNX model. */
export type EmbeddingModelSpec = ModelSpec | OnnxModelSpec;

/** One file the downloader stores: a GGUF model, a projector, or an ONNX model's graph or tokenizer. */
export type StoredFileSpec = Pick<GgufModelSpec, 'url' | 'name' | 'sha256' | 'sizeBytes' | 'approxBytes' | 'partOf'> & {
  /** What the file must be; a GGUF file's header is checked as it streams in. */
  format?: 'gguf' | 'onnx' | 'json' | undefined;
};

/** A model on an OpenAI-compatible server: someone else's computer, used only with the user's consent. */
export interface CloudModelSpec {
  engine: 'cloud';
  /** The model name the server knows ("gpt-4o-mini"). */
  id: string;
  name: string;
  /** The API's base URL ("https://api.openai.com/v1"); the key is bound to it. */
  url: string;
}

/** Every model spec, of every engine. */
export type AnyModelSpec = ModelSpec | OnnxModelSpec | CloudModelSpec;
/** Every engine: a spec with a new `engine` needs a row in ENGINES (shared/engines/index.ts), or the build fails. */
export type EngineKind = AnyModelSpec['engine'];
/** The engines that chat: this device's two and the cloud. */
export type ChatEngineKind = (ModelSpec | CloudModelSpec)['engine'];
/** The engines whose files are stored in this browser. */
export type LocalEngineKind = EmbeddingModelSpec['engine'];
/** The spec an engine runs. */
export type SpecOf<K extends EngineKind> = Extract<AnyModelSpec, { engine: K }>;
/** remote: the cloud engine, which runs on the endpoint's servers. */
export type Backend = 'cpu' | 'webgpu' | 'remote';

export interface LoadedModel {
  id: string;
  name: string;
  url: string;
  engine: ChatEngineKind;
  backend: Backend;
  /** Why the backend is what it is ("the GPU lacks shader-f16 …"), as a key the page words; see errors/said.ts. */
  note: Said;
  threads: number;
  contextLength: number;
  sizeBytes: number;
  fromCache: boolean;
  /** Where the load's time went, in milliseconds per step (worker, probe, storage, engine…). */
  loadSteps?: Record<string, number> | undefined;
  /** llama.cpp only: which of its WebAssembly builds runs, and why (see wasm-choice.ts). */
  wasm?: { build: WasmBuild; why: Said } | undefined;
  /** The model takes pictures (image_url parts); without it, a picture is refused by name. */
  vision?: boolean | undefined;
  /** llama.cpp only: the GGUF type most of the weights are ("Q4_K", "Q8_0", …). */
  weightsType?: string | undefined;
  /** llama.cpp on the CPU only: the weights are in a type this build runs slowly, and what to pick instead. */
  slowWeights?: Said | undefined;
}

/**
 * download: bytes from the network; load-from-cache: reading what this browser stored; gpu-upload:
 * weights going onto the GPU (web-llm); start: the engine initialising (llama.cpp reads weights lazily);
 * other-tab: another tab holds this model (its progress, when it reports any).
 */
export type LoadPhase = 'download' | 'load-from-cache' | 'gpu-upload' | 'start' | 'other-tab';

export interface LoadProgress {
  phase: LoadPhase;
  loadedBytes: number;
  totalBytes: number | null;
  /** Files (weight shards) done and in all, where the engine counts them. */
  files?: { done: number; total: number } | undefined;
  /** Seconds left at the current rate, once there is a rate to go by. */
  etaSeconds?: number | undefined;
}

/** llama.cpp's own knobs, for benchmarks and power users; left out, each is what the bench found best. */
export interface LlamaTuning {
  /** Flash attention (llama.cpp decides where it runs when on); a quantized V cache needs it. */
  flash_attn?: boolean | undefined;
  /** Type of the KV cache, K and V alike: q8_0 takes about half of f16's memory. */
  cache_type?: 'f16' | 'q8_0' | undefined;
  /** Prompt tokens evaluated per call (n_batch) and per compute step (n_ubatch). */
  n_batch?: number | undefined;
  n_ubatch?: number | undefined;
}

/** How a local engine should run; plain data so it can cross the worker boundary. */
export interface EnginePreferences {
  /** `cpu` keeps every layer off the GPU; `auto` uses WebGPU where the engine can. */
  device?: 'auto' | 'cpu' | undefined;
  /** CPU threads; llama.cpp can use more than one only when the page is cross-origin isolated. */
  threads?: number | undefined;
  llama?: LlamaTuning | undefined;
}

export interface LoadOptions extends EnginePreferences {
  /** Take the model from another tab that holds it, instead of waiting for it. */
  takeOver?: boolean | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ChatOptions {
  onChunk?: ((chunk: ChatCompletionChunk) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ChatEngine<Spec extends ModelSpec | CloudModelSpec = ModelSpec> {
  /** Load a model, replacing any loaded one. Rejects with a named error from errors.ts. */
  load(model: Spec, options?: LoadOptions): Promise<LoadedModel>;
  /** Generate a reply. An abort resolves with `finish_reason: 'abort'` and the partial reply. */
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatCompletion>;
  /** Stop the reply being generated, if any. */
  interrupt(): Promise<void>;
  /** Free the model and its memory. */
  unload(): Promise<void>;
}

/** What the worker tells the page on its own: another tab took this tab's model over. */
export type WorkerEvent = { type: 'moved'; modelId: string };

/** A model's files stored in this browser. */
export interface CachedModel {
  /** Pass to deleteCachedModel: a GGUF file's URL, an MLC model's base URL, or a model library's URL. */
  key: string;
  engine: LocalEngineKind;
  kind: 'gguf' | 'mlc' | 'library' | 'onnx';
  name: string;
  /** Bytes stored. */
  bytes: number;
  /** Everything a load needs is stored. */
  complete: boolean;
  /** Model ids these files serve (a 4k and a 1k variant share theirs). */
  models: string[];
  /** A GGUF model's other files stored with it (a vision model's projector), by URL. */
  parts?: string[] | undefined;
}
