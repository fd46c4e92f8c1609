/** web-llm's errors as ours, where the document index depends on the kind. */
import { describe, expect, it } from 'vitest';
import type { MlcModelSpec } from '../../src/runtime/shared/engine.ts';
import { ContextWindowExceededError } from '../../src/runtime/shared/errors/errors.ts';
import { ARCTIC_EMBED_S } from '../../src/runtime/shared/models/embedding-models.ts';
import { mapWebLLMError } from '../../src/runtime/worker/engines/web-llm/webllm-errors.ts';

/** An error as web-llm 0.2.86 throws it: its own class, known to us only by its name. */
function webllmError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('mapWebLLMError', () => {
  it('an embedding input past the window is a ContextWindowExceededError, which the document index splits on', () => {
    const error = mapWebLLMError(
      webllmError(
        'EmbeddingExceedContextWindowSizeError',
        'The embedding model you are using only supports up to 512 context size.However, an input in the batch has size 700.',
      ),
      ARCTIC_EMBED_S as MlcModelSpec,
      'chat',
    );
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    expect(error.message).toBe(
      'An input is longer than the 512 tokens Snowflake Arctic embed s (embeddings, WebGPU) reads at once. Split it into shorter texts.',
    );
  });
});
