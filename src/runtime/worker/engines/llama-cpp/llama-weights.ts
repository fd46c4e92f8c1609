/**
 * Which GGUF type a model's weights mostly are, and whether llama.cpp in WebAssembly runs that type
 * slowly (bench `quant`: F16, Q4_0 and IQ4_NL read prompts at about a third of Q4_K's speed here).
 */

import { type Said, say } from '../../../shared/errors/said.ts';
import type { GgufHeader } from '../../gguf/gguf-format.ts';

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  6: 'Q5_0',
  7: 'Q5_1',
  8: 'Q8_0',
  10: 'Q2_K',
  11: 'Q3_K',
  12: 'Q4_K',
  13: 'Q5_K',
  14: 'Q6_K',
  20: 'IQ4_NL',
  23: 'IQ4_XS',
  30: 'BF16',
};

/** Measured slow on the CPU build (see docs/performance.md, "GGUF types on the CPU"): their files have a faster published sibling. */
const SLOW_ON_CPU = new Set(['F16', 'Q4_0', 'IQ4_NL']);

/** The type holding most of the weights' bytes (matrices only: norms are F32 in every file). */
export function weightsType(header: Pick<GgufHeader, 'tensors'>): string | undefined {
  const bytes = new Map<number, number>();
  for (const t of header.tensors)
    if (t.dims.length >= 2 && t.byteLength !== undefined) bytes.set(t.type, (bytes.get(t.type) ?? 0) + t.byteLength);
  const [type] = [...bytes].sort((a, b) => b[1] - a[1])[0] ?? [];
  return type === undefined ? undefined : (TYPE_NAMES[type] ?? `type ${type}`);
}

/** A note for a model on the CPU whose weights are in a type this build runs slowly, naming what to pick instead. */
export function slowWeightsNote(name: string, type: string | undefined): Said | undefined {
  return type && SLOW_ON_CPU.has(type) ? say('slowWeights', { name, type }) : undefined;
}
