import { describe, expect, it } from 'vitest';
import { BGE_SMALL_EN, BGE_SMALL_EN_ONNX, embeddingModelFrom } from '../../src/runtime/shared/models/embedding-models.ts';

describe('the embedding model an option or ?embed= names', () => {
  it('is bge-small as int8 ONNX when none is named, and a catalog id or address names its own', () => {
    expect(embeddingModelFrom(undefined)).toBe(BGE_SMALL_EN_ONNX);
    expect(embeddingModelFrom(' ')).toBe(BGE_SMALL_EN_ONNX);
    expect(embeddingModelFrom('bge-small-en-v1.5-f32-gguf')).toBe(BGE_SMALL_EN);
    expect(embeddingModelFrom(BGE_SMALL_EN_ONNX.url)).toBe(BGE_SMALL_EN_ONNX);
    expect(BGE_SMALL_EN_ONNX.tokenizerUrl).toBe('https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/tokenizer.json');
  });

  it('reads an .onnx address as transformers.js lays repos out: the tokenizer above onnx/, or beside the file', () => {
    expect(embeddingModelFrom('https://huggingface.co/Xenova/gte-small/resolve/main/onnx/model_quantized.onnx')).toEqual({
      engine: 'onnx',
      id: 'https://huggingface.co/Xenova/gte-small/resolve/main/onnx/model_quantized.onnx',
      name: 'gte-small (model_quantized.onnx)',
      url: 'https://huggingface.co/Xenova/gte-small/resolve/main/onnx/model_quantized.onnx',
      tokenizerUrl: 'https://huggingface.co/Xenova/gte-small/resolve/main/tokenizer.json',
      pooling: 'cls',
    });
    const mine = embeddingModelFrom('/models/minilm/model.onnx#pooling=mean', 'https://example.org/app/');
    expect(mine).toMatchObject({
      engine: 'onnx',
      id: 'https://example.org/models/minilm/model.onnx#pooling=mean',
      url: 'https://example.org/models/minilm/model.onnx',
      tokenizerUrl: 'https://example.org/models/minilm/tokenizer.json',
      pooling: 'mean',
      name: 'model.onnx',
    });
    // The same address again (a stored document's model id) names the same model.
    expect(embeddingModelFrom(mine.id)).toEqual(mine);
  });

  it('still reads a .gguf address as a GGUF file, and refuses what is no address', () => {
    expect(embeddingModelFrom('https://host.example/e5.gguf')).toMatchObject({ engine: 'llama.cpp', url: 'https://host.example/e5.gguf' });
    expect(() => embeddingModelFrom('model.onnx')).toThrow(/not/);
  });
});
