/** The BERT embedding fixture is written as llama.cpp's conversion of bge-small-en-v1.5 is (docs/testing.md, "The BERT embedding fixture"). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metaNumber, metaString, parseGgufHeader } from '../../src/runtime/worker/gguf/gguf.ts';
import { bertEmbedding, bertPassage, bertTokenIds, writeBertEmbeddingModel } from '../fixtures/bert-model.ts';
import { GgmlType } from '../fixtures/gguf-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-bert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the tiny BERT embedding model', () => {
  it('has bge-small’s keys, tensors and special tokens at its 12 layers', () => {
    const path = join(dir, 'bert.gguf');
    writeBertEmbeddingModel(path, { layers: 12, ff: 1536, type: GgmlType.F16 });
    const header = parseGgufHeader(new Uint8Array(readFileSync(path)));
    expect(header.metadata.size).toBe(24);
    expect(header.tensors).toHaveLength(197);
    expect(metaString(header, 'general.architecture')).toBe('bert');
    expect(metaString(header, 'tokenizer.ggml.model')).toBe('bert');
    expect(metaNumber(header, 'bert.pooling_type')).toBe(2);
    expect(metaNumber(header, 'bert.attention.head_count')).toBe(12);
    expect(metaNumber(header, 'bert.embedding_length')).toBe(384);
    expect(header.metadata.get('bert.attention.causal')).toBe(false);
    const ids = ['unknown', 'seperator', 'padding', 'mask'].map((k) => metaNumber(header, `tokenizer.ggml.${k}_token_id`));
    expect(ids).toEqual([100, 102, 0, 103]);
    // As in the F16 file: 73 matrices in F16, the norms, biases, position and token-type tables in F32.
    const count = (type: number) => header.tensors.filter((t) => t.type === type).length;
    expect([count(GgmlType.F32), count(GgmlType.F16)]).toEqual([124, 73]);
  });

  it('tokenizes as llama.cpp’s WordPiece does: lower case, punctuation alone, [UNK] for a word it cannot spell', () => {
    expect(bertTokenIds('Hi, you!')).toHaveLength(1 + 2 + 1 + 3 + 1 + 1);
    expect(bertTokenIds('naïve')).toEqual([101, 100, 102]);
    expect(bertTokenIds('')).toEqual([101, 102]);
    expect(bertTokenIds(bertPassage(3, 250))).toHaveLength(252);
  });

  it('gives vectors of length 1 that tell texts apart', () => {
    const a = bertEmbedding('the garden and the river', 2);
    const b = bertEmbedding('зовсім інший текст', 2);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    expect(a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0)).toBeLessThan(0.999);
  });
});
