/**
 * InPage for the Vercel AI SDK (`ai` 7): a provider whose models answer in this page.
 *
 *   import { streamText } from 'ai';
 *   import { createInPage } from 'inpage/ai-sdk';
 *   const inpage = createInPage({ fallback: 'ask', cloud: { apiKey }, onFallback: askTheUser });
 *   const { textStream } = streamText({ model: inpage(), prompt: 'Hello' });
 *
 * Each model id gets one runtime (createRuntime), made on first use and shared by its language and
 * embedding models; `inpage.runtime()` gives it for storage, documents and events.
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
  /** The runtime behind a model id (the default model's without one). */
  runtime(modelId?: string): Runtime;
  /** Stops every runtime this provider made. */
  dispose(): Promise<void>;
}

export function createInPage(options: InPageProviderOptions = {}): InPageProvider {
  const runtimes = new Map<string, Runtime>();
  const defaultId = options.model ?? 'auto';
  /** The runtime under `key`, made with `extra` on first use. */
  const made = (key: string, extra: RuntimeOptions): Runtime => {
    let found = runtimes.get(key);
    if (!found) {
      found = createRuntime({ ...options, ...extra });
      runtimes.set(key, found);
    }
    return found;
  };
  const runtime = (modelId = defaultId): Runtime => made(modelId, { model: modelId });
  const languageModel = (modelId = defaultId) => new InPageLanguageModel(modelId, runtime(modelId));
  // Embeddings run beside the default model's runtime (their own engine instance in its worker), or a runtime of their own.
  const ownEmbedding = options.embeddingModel ?? BGE_SMALL_EN_ONNX.id;
  const embeddingModel = (modelId?: string) => {
    const id = modelId ?? ownEmbedding;
    return new InPageEmbeddingModel(id, id === ownEmbedding ? runtime() : made(`embedding ${id}`, { embeddingModel: id }));
  };
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
      const all = [...runtimes.values()];
      runtimes.clear();
      await Promise.all(all.map((r) => r.dispose()));
    },
  });
  return provider;
}
