import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inEnglish } from '../../src/runtime/shared/errors/said.ts';
import { slowWeightsNote, weightsType } from '../../src/runtime/worker/engines/llama-cpp/llama-weights.ts';
import { parseGgufHeader } from '../../src/runtime/worker/gguf/gguf.ts';
import { GgmlType } from '../fixtures/gguf-writer.ts';
import { SPELLING_SHAPE, writeSpellingModel } from '../fixtures/tiny-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'inpage-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const typeOf = (type: number, shape = SPELLING_SHAPE) => {
  const path = join(dir, `m-${type}.gguf`);
  writeSpellingModel(path, { ...shape, type });
  return weightsType(parseGgufHeader(readFileSync(path)));
};

describe('the weights type of a GGUF file', () => {
  it('is the type most of its matrices are in, whatever the F32 norms', () => {
    expect(typeOf(GgmlType.Q8_0)).toBe('Q8_0');
    expect(typeOf(GgmlType.Q4_0)).toBe('Q4_0');
    expect(typeOf(GgmlType.F16)).toBe('F16');
    expect(typeOf(GgmlType.Q4_K, { ...SPELLING_SHAPE, embd: 512, heads: 8 })).toBe('Q4_K');
  });

  it('gets a note, with what to pick, only for the types measured slow on the CPU', () => {
    const note = slowWeightsNote('m.gguf', 'Q4_0');
    expect(note && inEnglish(note)).toBe(
      "m.gguf is mostly Q4_0, which llama.cpp in this browser runs at about a third of Q4_K's speed: for the CPU, pick the model's Q4_K_M file.",
    );
    expect(slowWeightsNote('m.gguf', 'IQ4_NL')).toBeDefined();
    expect(slowWeightsNote('m.gguf', 'F16')).toBeDefined();
    for (const fast of ['F32', 'Q8_0', 'Q4_K', 'Q5_K', 'Q6_K', undefined]) expect(slowWeightsNote('m.gguf', fast)).toBeUndefined();
  });
});
