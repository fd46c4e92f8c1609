import { describe, expect, it } from 'vitest';
import { OutOfMemoryError } from '../../src/runtime/shared/errors/errors.ts';
import {
  cpuContextOrRefuse,
  fitContextToMemory,
  kvBytesPerToken,
  wantedContext,
} from '../../src/runtime/worker/engines/llama-cpp/llama-memory.ts';
import type { GgufValue } from '../../src/runtime/worker/gguf/gguf.ts';

const header = (arch: string, fields: Record<string, number>) => ({
  metadata: new Map<string, GgufValue>([
    ['general.architecture', arch],
    ...Object.entries(fields).map(([k, v]): [string, GgufValue] => [`${arch}.${k}`, v]),
  ]),
});

// Microsoft's Phi-3-mini-4k-instruct-q4.gguf: 32 layers of 3072, 32 heads, no grouped-query attention.
const PHI3 = header('phi3', { block_count: 32, embedding_length: 3072, 'attention.head_count': 32, 'attention.head_count_kv': 32 });
const PHI3_BYTES = 2_393_231_072;

describe('the context llama.cpp can have in 4 GiB of WebAssembly memory', () => {
  it('counts f16 K and V for every layer, with grouped-query attention and explicit head sizes', () => {
    expect(kvBytesPerToken(PHI3)).toBe(32 * 32 * (96 + 96) * 2); // 384 KiB a token: 1.6 GB at 4096
    const qwen = header('qwen2', { block_count: 24, embedding_length: 896, 'attention.head_count': 14, 'attention.head_count_kv': 2 });
    expect(kvBytesPerToken(qwen)).toBe(24 * 2 * (64 + 64) * 2);
    const explicit = header('gemma', {
      block_count: 2,
      embedding_length: 100,
      'attention.head_count': 4,
      'attention.key_length': 256,
      'attention.value_length': 128,
    });
    expect(kvBytesPerToken(explicit)).toBe(2 * 4 * (256 + 128) * 2);
  });

  it('says nothing when the metadata does not say enough', () => {
    expect(kvBytesPerToken(header('llama', { block_count: 2 }))).toBeNull();
    expect(fitContextToMemory(4096, PHI3_BYTES, null)).toBe(4096);
  });

  it('gives Phi-3-mini 2048 tokens with an f16 cache, and its whole 4096 with q8_0 (17/32 of the bytes)', () => {
    expect(fitContextToMemory(4096, PHI3_BYTES, kvBytesPerToken(PHI3))).toBe(2048);
    expect(kvBytesPerToken(PHI3, 'q8_0')).toBe(32 * 32 * (96 + 96) * (34 / 32));
    expect(fitContextToMemory(4096, PHI3_BYTES, kvBytesPerToken(PHI3, 'q8_0'))).toBe(4096);
    expect(cpuContextOrRefuse(PHI3, PHI3_BYTES, 4096, 'Phi-3-mini', 'q8_0')).toBe(4096);
  });

  it('keeps the whole window for a small model, and never gives more than was asked', () => {
    const small = header('llama', { block_count: 4, embedding_length: 256, 'attention.head_count': 4 });
    expect(fitContextToMemory(4096, 50_000_000, kvBytesPerToken(small))).toBe(4096);
    expect(fitContextToMemory(1024, 50_000_000, kvBytesPerToken(small))).toBe(1024);
  });

  it('gives 0 when the weights alone leave no room: the engine refuses before loading', () => {
    expect(fitContextToMemory(4096, 3_600_000_000, kvBytesPerToken(PHI3))).toBe(0);
  });

  it('refuses, by name and size, a file whose weights leave no room for the smallest window', () => {
    expect(cpuContextOrRefuse(PHI3, PHI3_BYTES, 4096, 'Phi-3-mini')).toBe(2048);
    const nemo = () => cpuContextOrRefuse(PHI3, 7_070_000_000, 4096, 'Mistral-NeMo-12B Q4');
    expect(nemo).toThrow(OutOfMemoryError);
    expect(nemo).toThrow(/^Mistral-NeMo-12B Q4 \(7\.07 GB\) is too large for llama\.cpp in the browser/);
  });

  it('asks for the trained window, capped by the catalog and by 4096', () => {
    const trained = (n: number) => header('phi3', { context_length: n });
    expect(wantedContext(trained(131072), undefined)).toBe(4096);
    expect(wantedContext(trained(2048), undefined)).toBe(2048);
    expect(wantedContext(trained(4096), 1024)).toBe(1024);
    expect(wantedContext(header('phi3', {}), undefined)).toBe(4096);
  });
});
