/** The one interface every engine implements (llama.cpp in a worker, web-llm, the cloud), and its types. */

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

/** The OpenAI Chat Completions request, minus what local engines cannot honour. */
export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  seed?: number;
}

/** OpenAI's reasons plus `abort`: the user stopped the reply, which keeps what was generated. */
export type FinishReason = 'stop' | 'length' | 'abort';

/** Token counts as the engine reports them; completion tokens include the end-of-turn token. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: [{ index: 0; delta: { role?: 'assistant'; content?: string }; finish_reason: FinishReason | null }];
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [{ index: 0; message: { role: 'assistant'; content: string }; finish_reason: FinishReason }];
  usage: Usage;
  /** Decode speed in tokens per second, when the engine measured it. */
  tokens_per_second?: number | undefined;
}

export interface ModelSpec {
  /** Stable id: a catalog id, or the URL itself for a model loaded by address. */
  id: string;
  name: string;
  url: string;
  sizeBytes?: number | undefined;
  sha256?: string | undefined;
  contextLength?: number | undefined;
}

export type EngineKind = 'llama.cpp' | 'web-llm' | 'cloud';
export type Backend = 'cpu' | 'webgpu';

export interface LoadedModel {
  id: string;
  name: string;
  url: string;
  engine: EngineKind;
  backend: Backend;
  /** Why the backend is what it is, in words a user understands ("the GPU lacks shader-f16 …"). */
  backendNote: string;
  threads: number;
  contextLength: number;
  sizeBytes: number;
  fromCache: boolean;
}

/** download: bytes from the network; load-from-cache: bytes from this browser; start: the engine reads the weights. */
export type LoadPhase = 'download' | 'load-from-cache' | 'start';

export interface LoadProgress {
  phase: LoadPhase;
  loadedBytes: number;
  totalBytes: number | null;
}

/** How a local engine should run; plain data so it can cross the worker boundary. */
export interface EnginePreferences {
  /** `cpu` keeps every layer off the GPU; `auto` uses WebGPU where the engine can. */
  device?: 'auto' | 'cpu' | undefined;
  /** CPU threads; llama.cpp can use more than one only when the page is cross-origin isolated. */
  threads?: number | undefined;
}

export interface LoadOptions extends EnginePreferences {
  onProgress?: ((progress: LoadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ChatOptions {
  onChunk?: ((chunk: ChatCompletionChunk) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ChatEngine {
  /** Load a model, replacing any loaded one. Rejects with a named error from errors.ts. */
  load(model: ModelSpec, options?: LoadOptions): Promise<LoadedModel>;
  /** Generate a reply. An abort resolves with `finish_reason: 'abort'` and the partial reply. */
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatCompletion>;
  /** Stop the reply being generated, if any. */
  interrupt(): Promise<void>;
  /** Free the model and its memory. */
  unload(): Promise<void>;
}
