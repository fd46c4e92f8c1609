/**
 * InPage for the Vercel AI SDK (`ai` 7): a provider whose models answer in this page.
 *
 *   import { streamText } from 'ai';
 *   import { createInPage } from 'inpage/ai-sdk';
 *   const inpage = createInPage({ fallback: 'ask', cloud: { apiKey }, onFallback: askTheUser });
 *   const { textStream } = streamText({ model: inpage(), prompt: 'Hello' });
 *
 * The provider has one runtime (createRuntime), made on first use and shared by every language and
 * embedding model it makes, each request naming its model; `inpage.runtime()` gives it for storage, documents and events.
 */
import { NoSuchModelError, type ProviderV4 } from '@ai-sdk/provider';
import { createRuntime } from '../lib/runtime.ts';
import type { Runtime, RuntimeOptions } from '../lib/types.ts';
import { BGE_SMALL_EN_ONNX } from '../runtime/shared/models/embedding-models.ts';
import { InPageEmbeddingModel } from './embedding-model.ts';
import { InPageLanguageModel } from './language-model.ts';

export type { InPageCallOptions } from './request.ts';
export type { InPageChatTransportOptions } from './transport.ts';
export { InPageChatTransport } from './transport.ts';
export { InPageEmbeddingModel, InPageLanguageModel };

/** createRuntime's options, for every model this provider makes; `model` is the default model id. */
export type InPageProviderOptions = RuntimeOptions;

export interface InPageProvider extends ProviderV4 {
  /** A language model: "auto" (the device-aware choice; the default), a catalog id, a GGUF or MLC address, or "cloud". */
  (modelId?: string): InPageLanguageModel;
  languageModel(modelId?: string): InPageLanguageModel;
  /** An embedding model: bge-small by default, or an embedding model's id or GGUF address. */
  embeddingModel(modelId?: string): InPageEmbeddingModel;
  /** The runtime behind every model of this provider (one worker, one model in memory at a time). */
  runtime(): Runtime;
  /** Stops every runtime this provider made. */
  dispose(): Promise<void>;
}

export function createInPage(options: InPageProviderOptions = {}): InPageProvider {
  // One runtime, so one worker: two model ids never hold two models in memory at once (each request loads its own).
  let shared: Runtime | null = null;
  const runtime = (): Runtime => (shared ??= createRuntime(options));
  const defaultId = options.model ?? 'auto';
  const languageModel = (modelId = defaultId) => new InPageLanguageModel(modelId, runtime());
  const embeddingModel = (modelId = options.embeddingModel ?? BGE_SMALL_EN_ONNX.id) => new InPageEmbeddingModel(modelId, runtime());
  const provider = Object.assign((modelId?: string) => languageModel(modelId), {
    specificationVersion: 'v4' as const,
    languageModel,
    embeddingModel,
    runtime,
    imageModel(modelId: string): never {
      throw new NoSuchModelError({
        modelId,
        modelType: 'imageModel',
        message: 'InPage makes no pictures: its models read them (image parts in a prompt).',
      });
    },
    async dispose() {
      const made = shared;
      shared = null;
      await made?.dispose();
    },
  });
  return provider;
}
