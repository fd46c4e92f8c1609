/** embeddings.create(): OpenAI's request and response, answered by the embedding model in the worker. */
import type { WorkerBridge } from '../runtime/page/bridge/worker-bridge.ts';
import type { EmbeddingModelSpec } from '../runtime/shared/engine.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import { embeddingModelFrom } from '../runtime/shared/models/embedding-models.ts';
import { wasmOptionProblem } from './local.ts';
import type { CreateEmbeddingResponse, EmbeddingCreateParams, RequestOptions, RuntimeOptions } from './types.ts';

/** The embedding model the options name (the default when none), resolved against the page's address. */
export function embeddingModelOf(options: RuntimeOptions): EmbeddingModelSpec {
  const problem = wasmOptionProblem(options);
  if (problem) throw new InvalidRequestError(problem, { param: 'wasm' });
  return embeddingModelFrom(options.embeddingModel, typeof location === 'undefined' ? undefined : location.href);
}

export function createEmbeddings(options: RuntimeOptions, bridge: WorkerBridge) {
  return {
    async create(params: EmbeddingCreateParams, { signal }: RequestOptions = {}): Promise<CreateEmbeddingResponse> {
      const input = typeof params?.input === 'string' ? [params.input] : params?.input;
      if (!Array.isArray(input) || !input.length || input.some((t) => typeof t !== 'string'))
        throw new InvalidRequestError('input: give a text, or a non-empty list of texts.', { param: 'input' });
      if (params.encoding_format !== undefined && params.encoding_format !== 'float')
        throw new InvalidRequestError('encoding_format: only "float" is supported on this device.', { param: 'encoding_format' });
      const model = embeddingModelOf(options);
      const { vectors, promptTokens } = await bridge.embed(model, input, { signal, onProgress: options.onProgress });
      return {
        object: 'list',
        data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: Array.from(v) })),
        model: model.id,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
    },
  };
}
