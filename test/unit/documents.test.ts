import { describe, expect, it } from 'vitest';
import { chunkParts } from '../../src/runtime/page/documents/chunk.ts';
import { quantize, scores, topK } from '../../src/runtime/worker/documents/vectors.ts';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
}

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32 - 0.5;
  };
}

describe('chunking', () => {
  it('keeps every chunk within its size, breaks at paragraphs, overlaps, and knows where each came from', () => {
    const para = (n: number) => `Paragraph ${n} says something. `.repeat(12).trim();
    const text = [para(1), para(2), para(3), para(4)].join('\n\n');
    const chunks = chunkParts([{ page: 3, text }], { size: 500, overlap: 80 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(500);
      expect(c.page).toBe(3);
      expect(text.slice(c.start, c.end).trim()).toBe(c.text);
    }
    for (let i = 1; i < chunks.length; i++)
      expect((chunks[i] as { start: number }).start).toBeLessThan((chunks[i - 1] as { end: number }).end);
    expect(chunks.map((c) => c.text).join(' ')).toContain('Paragraph 4');
  });

  it('gives a short text one chunk, and whitespace none', () => {
    expect(chunkParts([{ text: '  Hello there.  ' }])).toEqual([{ text: 'Hello there.', page: undefined, start: 2, end: 16 }]);
    expect(chunkParts([{ text: ' \n\n ' }])).toEqual([]);
  });
});

describe('int8 vectors', () => {
  it('rank a corpus as Float32 does, with cosines within 0.01', () => {
    const next = rng(11);
    const corpus = Array.from({ length: 300 }, () => unit(Array.from({ length: 384 }, next)));
    const block = quantize(corpus, 384);
    expect(block.values.byteLength).toBe(300 * 384);
    for (let q = 0; q < 20; q++) {
      const query = unit(Array.from({ length: 384 }, next).map((x, d) => x + (corpus[q]?.[d] ?? 0) * 3));
      const exact = corpus.map((v) => v.reduce((s, x, d) => s + x * (query[d] as number), 0));
      const approx = scores(query, block);
      expect(Math.max(...exact.map((e, i) => Math.abs(e - (approx[i] as number))))).toBeLessThan(0.01);
      expect(topK(query, [block], 1)[0]?.index).toBe(q);
    }
  });

  it('top-k over several blocks is best first, across blocks', () => {
    const a = quantize([unit([1, 0, 0]), unit([0, 1, 0])], 3);
    const b = quantize([unit([1, 1, 0]), unit([0, 0, 1])], 3);
    const hits = topK(unit([1, 0.2, 0]), [a, b], 3);
    expect(hits.map((h) => [h.block, h.index])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(() => quantize([new Float32Array(2)], 3)).toThrow('vector 0 has 2 values, not 3');
  });
});
