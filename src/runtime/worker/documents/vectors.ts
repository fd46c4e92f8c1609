/**
 * Stored vectors as int8 with one scale each (a quarter of Float32's space), and brute-force cosine
 * search over them. Vectors are L2-normalized, so a dot product is the cosine.
 */

import type { VectorBlock } from '../../shared/documents/types.ts';

export type { VectorBlock };

export function quantize(vectors: readonly Float32Array[], dims: number): VectorBlock {
  const values = new Int8Array(vectors.length * dims);
  const scales = new Float32Array(vectors.length);
  vectors.forEach((v, i) => {
    if (v.length !== dims) throw new Error(`vector ${i} has ${v.length} values, not ${dims}`);
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    const scale = max / 127 || 1;
    scales[i] = scale;
    for (let d = 0; d < dims; d++) values[i * dims + d] = Math.round((v[d] ?? 0) / scale);
  });
  return { dims, values, scales };
}

/** Cosine of `query` with every vector of `block`. */
export function scores(query: Float32Array, block: VectorBlock): Float32Array {
  const { dims, values, scales } = block;
  const out = new Float32Array(scales.length);
  for (let i = 0; i < scales.length; i++) {
    let dot = 0;
    const base = i * dims;
    for (let d = 0; d < dims; d++) dot += (query[d] as number) * (values[base + d] as number);
    out[i] = dot * (scales[i] as number);
  }
  return out;
}

export interface Hit {
  block: number;
  index: number;
  score: number;
}

/** The `k` best vectors over several blocks, best first; ties keep block and index order. */
export function topK(query: Float32Array, blocks: readonly VectorBlock[], k: number): Hit[] {
  const hits: Hit[] = [];
  blocks.forEach((block, b) => {
    const s = scores(query, block);
    for (let i = 0; i < s.length; i++) {
      const score = s[i] as number;
      if (hits.length < k || score > (hits[hits.length - 1] as Hit).score) {
        let at = hits.length;
        while (at > 0 && (hits[at - 1] as Hit).score < score) at--;
        hits.splice(at, 0, { block: b, index: i, score });
        if (hits.length > k) hits.pop();
      }
    }
  });
  return hits;
}
