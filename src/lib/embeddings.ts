/** embeddings.create(): OpenAI's request and response, answered by the embedding model in the worker. */
import type { Session } from '../runtime/index.ts';
import type { EmbeddingModelSpec } from '../runtime/shared/engine.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import { embeddingModelFrom } from '../runtime/shared/models/embedding-models.ts';
import { wasmOptionProblem } from './models.ts';
import type { CreateEmbeddingResponse, EmbeddingCreateParams, RequestOptions, RuntimeOptions } from './types.ts';

/** The embedding model `id` names (the options' when absent, the default when neither does), resolved against the page's address. */
export function embeddingModelOf(options: RuntimeOptions, id: string | undefined = options.embeddingModel): EmbeddingModelSpec {
  const problem = wasmOptionProblem(options);
  if (problem) throw new InvalidRequestError(problem, { param: 'wasm' });
  return embeddingModelFrom(id, typeof location === 'undefined' ? undefined : location.href);
}

export function createEmbeddings(options: RuntimeOptions, session: Session, alive: () => void) {
  return {
    async create(params: EmbeddingCreateParams, { signal, model: id }: RequestOptions = {}): Promise<CreateEmbeddingResponse> {
      alive();
      const input = typeof params?.input === 'string' ? [params.input] : params?.input;
      if (!Array.isArray(input) || !input.length || input.some((t) => typeof t !== 'string'))
        throw new InvalidRequestError('input: give a text, or a non-empty list of texts.', { param: 'input' });
      if (params.encoding_format !== undefined && params.encoding_format !== 'float')
        throw new InvalidRequestError('encoding_format: only "float" is supported on this device.', { param: 'encoding_format' });
      const { vectors, promptTokens, model } = await session.embed(input, {
        model: embeddingModelOf(options, id),
        signal,
        onProgress: options.onProgress,
      });
      return {
        object: 'list',
        data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: Array.from(v) })),
        model: model.id,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
    },
  };
}
