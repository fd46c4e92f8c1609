/** InPage as an AI SDK embedding model (EmbeddingModelV4): vectors on this device, L2-normalized, from the runtime's embedding model. */
import type { EmbeddingModelV4, EmbeddingModelV4CallOptions, EmbeddingModelV4Result, SharedV4Warning } from '@ai-sdk/provider';
import type { Runtime } from '../lib/types.ts';
import { AbortError } from '../runtime/shared/errors/errors.ts';

export class InPageEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = 'v4' as const;
  readonly provider = 'inpage';
  readonly modelId: string;
  readonly runtime: Runtime;
  /** The worker embeds one call at a time; the AI SDK splits larger lists into calls of this many. */
  readonly maxEmbeddingsPerCall = 64;
  readonly supportsParallelCalls = false;

  constructor(modelId: string, runtime: Runtime) {
    this.modelId = modelId;
    this.runtime = runtime;
  }

  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    const warnings: SharedV4Warning[] = [];
    if (options.dimensions !== undefined)
      warnings.push({ type: 'unsupported', feature: 'dimensions', details: "Vectors have the embedding model's own size." });
    if (options.abortSignal?.aborted) throw new AbortError('The request was aborted.');
    const response = await this.runtime.embeddings.create({ input: options.values }, { signal: options.abortSignal, model: this.modelId });
    return {
      embeddings: response.data.map((d) => d.embedding),
      usage: { tokens: response.usage.prompt_tokens },
      providerMetadata: { inpage: { model: response.model } },
      warnings,
    };
  }
}
