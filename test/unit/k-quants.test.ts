/**
 * The fixtures' k-quant writers, read back the way ggml's dequantize_row_q{4,5,6}_K reads them: a layout
 * mistake shows up as wrong values, and the patterns the test models use (one-hot rows, zeros) come back
 * as written, but for the F16 rounding of each block's scale.
 */
import { describe, expect, it } from 'vitest';
import { fromHalf, q4kData, q5kData, q6kData } from '../fixtures/gguf-writer.ts';
import { mulberry32 } from '../fixtures/tiny-model.ts';

function bytesOf(data: (emit: (b: Uint8Array) => void) => void): Uint8Array {
  const parts: Uint8Array[] = [];
  data((b) => parts.push(b.slice()));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const half = (b: Uint8Array, at: number) => fromHalf((b[at] as number) | ((b[at + 1] as number) << 8));

/** ggml's get_scale_min_k4. */
function scaleMin(j: number, q: Uint8Array): [number, number] {
  if (j < 4) return [(q[j] as number) & 63, (q[j + 4] as number) & 63];
  return [((q[j + 4] as number) & 0xf) | (((q[j - 4] as number) >> 6) << 4), ((q[j + 4] as number) >> 4) | (((q[j] as number) >> 6) << 4)];
}

function dequantizeQ45K(bytes: Uint8Array, five: boolean): Float32Array {
  const size = five ? 176 : 144;
  const y = new Float32Array((bytes.length / size) * 256);
  let k = 0;
  for (let b = 0; b < bytes.length; b += size) {
    const block = bytes.subarray(b, b + size);
    const [d, dmin] = [half(block, 0), half(block, 2)];
    const scales = block.subarray(4, 16);
    const qh = block.subarray(16, 48);
    let ql = five ? block.subarray(48) : block.subarray(16);
    for (let n = 0; n < 4; n++) {
      const [sc1, m1] = scaleMin(2 * n, scales);
      const [sc2, m2] = scaleMin(2 * n + 1, scales);
      for (let l = 0; l < 32; l++)
        y[k++] = d * sc1 * (((ql[l] as number) & 0xf) + (five && (qh[l] as number) & (1 << (2 * n)) ? 16 : 0)) - dmin * m1;
      for (let l = 0; l < 32; l++)
        y[k++] = d * sc2 * (((ql[l] as number) >> 4) + (five && (qh[l] as number) & (2 << (2 * n)) ? 16 : 0)) - dmin * m2;
      ql = ql.subarray(32);
    }
  }
  return y;
}

function dequantizeQ6K(bytes: Uint8Array): Float32Array {
  const y = new Float32Array((bytes.length / 210) * 256);
  for (let b = 0, base = 0; b < bytes.length; b += 210, base += 256) {
    const block = bytes.subarray(b, b + 210);
    const d = half(block, 208);
    const sc = new Int8Array(block.buffer, block.byteOffset + 192, 16);
    for (let n = 0; n < 2; n++) {
      const ql = block.subarray(n * 64);
      const qh = block.subarray(128 + n * 32);
      for (let l = 0; l < 32; l++) {
        const is = n * 8 + Math.floor(l / 16);
        const q = [
          ((ql[l] as number) & 0xf) | ((((qh[l] as number) >> 0) & 3) << 4),
          ((ql[l + 32] as number) & 0xf) | ((((qh[l] as number) >> 2) & 3) << 4),
          ((ql[l] as number) >> 4) | ((((qh[l] as number) >> 4) & 3) << 4),
          ((ql[l + 32] as number) >> 4) | ((((qh[l] as number) >> 6) & 3) << 4),
        ];
        for (let g = 0; g < 4; g++) y[base + n * 128 + g * 32 + l] = d * (sc[is + 2 * g] as number) * ((q[g] as number) - 32);
      }
    }
  }
  return y;
}

const CASES = [
  ['Q4_K', q4kData, (b: Uint8Array) => dequantizeQ45K(b, false), 15],
  ['Q5_K', q5kData, (b: Uint8Array) => dequantizeQ45K(b, true), 31],
  ['Q6_K', q6kData, dequantizeQ6K, 63],
] as const;

describe.each(CASES)('%s writer', (_name, write, read, levels) => {
  it('writes whole super-blocks of the size ggml expects, and refuses a row that is not one', () => {
    expect(bytesOf(write(512, () => 0)).length).toBe((512 / 256) * { 15: 144, 31: 176, 63: 210 }[levels]);
    expect(() => bytesOf(write(100, () => 0))).toThrow(/256-value blocks/);
  });

  it('gives back one-hot rows, a successor table and zeros, to the F16 rounding of the scale', () => {
    const rows = 6;
    const width = 512;
    const values = (i: number) => (Math.floor(i / width) * 37 === i % width ? 1 : i % width === 300 + Math.floor(i / width) ? 4 : 0);
    const y = read(bytesOf(write(rows * width, values)));
    for (let i = 0; i < rows * width; i++)
      expect(Math.abs((y[i] as number) - values(i)), `value ${i}`).toBeLessThan(values(i) * 1e-3 + 1e-9);
  });

  it('gives back random weights within a quantization step of their block', () => {
    const random = mulberry32(7);
    const x = Float32Array.from({ length: 4096 }, () => random() * 2 - 1);
    const y = read(bytesOf(write(x.length, (i) => x[i] as number)));
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((y[i] as number) - (x[i] as number)));
    // A block spans about 2 (−1…1) in `levels` steps; Q6_K's −32…31 clamps one end by a step, and 6-bit or int8 scales add a little.
    expect(worst).toBeLessThan((2 / levels) * 1.1);
    expect(worst).toBeGreaterThan(0);
  });
});
