import { describe, expect, it } from 'vitest';
import {
  GgufFormatError,
  GgufNeedMoreBytes,
  hasGgufMagic,
  metaNumber,
  metaString,
  parseGgufHeader,
  tensorByteLength,
} from '../../src/runtime/worker/gguf/gguf.ts';
import { toHalf } from '../fixtures/gguf-writer.ts';
import { buildVocab, PHI3_CHAT_TEMPLATE, SPELLING_SHAPE } from '../fixtures/tiny-model.ts';
import { useTinyModelFile } from '../fixtures/tiny-model-file.ts';

const tinyModel = useTinyModelFile();

describe('parseGgufHeader', () => {
  it('reads the metadata and tensor table the writer put there', () => {
    const header = parseGgufHeader(tinyModel());
    expect(header.version).toBe(3);
    expect(metaString(header, 'general.architecture')).toBe('llama');
    expect(metaString(header, 'tokenizer.chat_template')).toBe(PHI3_CHAT_TEMPLATE);
    expect(metaNumber(header, 'llama.embedding_length')).toBe(SPELLING_SHAPE.embd);
    expect(header.metadata.get('tokenizer.ggml.tokens')).toEqual({ itemType: 8, length: buildVocab().tokens.length });
    expect(header.tensors).toHaveLength(3 + 9 * SPELLING_SHAPE.layers);
    expect(header.tensors[0]).toMatchObject({ name: 'token_embd.weight', dims: [384, 358], type: SPELLING_SHAPE.type, offset: 0 });
    expect(header.dataOffset % 32).toBe(0);
    // Every tensor is padded to 32 bytes, so the file may end up to 31 bytes after the last tensor.
    expect(header.minFileSize).toBeLessThanOrEqual(tinyModel().byteLength);
    expect(tinyModel().byteLength - (header.minFileSize as number)).toBeLessThan(32);
  });

  it('asks for more bytes when the buffer ends inside the header', () => {
    const header = parseGgufHeader(tinyModel());
    for (const cut of [0, 3, 8, 24, 1000, header.dataOffset - 64]) {
      expect(() => parseGgufHeader(tinyModel().subarray(0, cut)), `cut at ${cut}`).toThrow(GgufNeedMoreBytes);
    }
  });

  it('rejects bytes without the GGUF signature, and versions it cannot read', () => {
    expect(() => parseGgufHeader(new TextEncoder().encode('<!doctype html>'))).toThrow(GgufFormatError);
    const v9 = tinyModel().slice(0, 64);
    new DataView(v9.buffer).setUint32(4, 9, true);
    expect(() => parseGgufHeader(v9)).toThrow(/version 9/);
    expect(hasGgufMagic(tinyModel())).toBe(true);
    expect(hasGgufMagic(new Uint8Array([0x47, 0x47]))).toBe(false);
  });

  it('rejects a header with an impossible count instead of allocating for it', () => {
    const bad = tinyModel().slice(0, 64);
    new DataView(bad.buffer).setBigUint64(8, 2n ** 60n, true);
    expect(() => parseGgufHeader(bad)).toThrow(GgufFormatError);
  });
});

describe('tensorByteLength', () => {
  it('knows the block sizes of common quantizations', () => {
    expect(tensorByteLength(0, [4096, 32])).toBe(4096 * 32 * 4);
    expect(tensorByteLength(8, [4096])).toBe((4096 / 32) * 34); // Q8_0
    expect(tensorByteLength(12, [3072, 3072])).toBe(((3072 * 3072) / 256) * 144); // Q4_K
    expect(tensorByteLength(14, [3072, 32064])).toBe(((3072 * 32064) / 256) * 210); // Q6_K
    expect(tensorByteLength(999, [32])).toBeUndefined();
  });
});

describe('toHalf', () => {
  it('encodes IEEE 754 halves, rounding to nearest even', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(0.1)).toBe(0x2e66);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e6)).toBe(0x7c00);
    expect(toHalf(2 ** -24)).toBe(0x0001);
    expect(toHalf(0)).toBe(0);
  });
});
