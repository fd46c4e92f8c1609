/** Type checks of inpage/ai-sdk against the AI SDK's own types: `tsc -b` fails if the provider drifts from them. Nothing here runs. */
import type { EmbeddingModelV4, LanguageModelV4, ProviderV4 } from '@ai-sdk/provider';
import { type ChatTransport, type EmbeddingModel, embedMany, type LanguageModel, streamText, type UIMessage } from 'ai';
import { createInPage, InPageChatTransport } from '../../src/ai-sdk/index.ts';

const inpage = createInPage({ model: 'auto', fallback: 'ask', onFallback: async () => false });

export function checks() {
  // The provider, its models and the transport are what the AI SDK's functions and useChat take.
  const provider: ProviderV4 = inpage;
  const language: LanguageModelV4 = inpage('Phi-3-mini-4k-instruct-q4f16_1-MLC');
  const forAi: LanguageModel = inpage();
  const embedding: EmbeddingModelV4 = inpage.embeddingModel();
  const embeddingForAi: EmbeddingModel = inpage.embeddingModel('bge-small-en-v1.5-f32-gguf');
  const transport: ChatTransport<UIMessage> = new InPageChatTransport({ model: inpage(), instructions: 'Be brief.' });
  void streamText({ model: inpage(), prompt: 'hi', providerOptions: { inpage: { cachePrompt: false } } });
  void embedMany({ model: inpage.embeddingModel(), values: ['a', 'b'] });
  void [provider, language, forAi, embedding, embeddingForAi, transport];
}
