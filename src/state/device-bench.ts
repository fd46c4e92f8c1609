/**
 * "Benchmark this device": the chosen model on every engine this device offers for it, the same fixed
 * prompt on each, so the user (and we, on real GPUs) can compare, and pick by measurement.
 */

import { signal } from '@preact/signals';
import { webllmProblem } from '../runtime/shared/device/probe.ts';
import type { Backend, ChatEngineKind, ModelSpec } from '../runtime/shared/engine.ts';
import { type Said, saidOf } from '../runtime/shared/errors/said.ts';
import { downloadBytes, familyOf } from '../runtime/shared/models/catalog.ts';
import type { WasmBuild } from '../runtime/shared/wasm/wasm-choice.ts';
import { deviceProbe, preferences, selectModel, session } from './runtime.ts';

export const BENCH_PROMPT = 'Write three sentences about lighthouses.';
export const BENCH_TOKENS = 64;

export interface BenchCandidate {
  label: string;
  model: ModelSpec;
  device: 'auto' | 'cpu';
}

export interface BenchRow {
  label: string;
  model: string;
  engine: ChatEngineKind;
  backend: Backend | null;
  load_ms: number | null;
  first_token_ms: number | null;
  prefill_tokens_per_second: number | null;
  decode_tokens_per_second: number | null;
  weight_bytes: number | null;
  /** llama.cpp's WebAssembly build (default or compat); null for other engines. */
  wasm_build: WasmBuild | null;
  error: Said | null;
}

export const benchRows = signal<BenchRow[]>([]);
export const benchRunning = signal(false);

/** The engines this device offers for `model`: web-llm where WebGPU can run it, llama.cpp on the CPU, and on WebGPU where it has shader-f16. */
export function benchCandidates(model: ModelSpec): BenchCandidate[] {
  const probe = deviceProbe.value;
  const family = familyOf(model.id);
  const mlc = model.engine === 'web-llm' ? model : family?.variants.find((v) => v.engine === 'web-llm');
  const gguf = model.engine === 'llama.cpp' ? model : family?.variants.find((v) => v.engine === 'llama.cpp');
  const list: BenchCandidate[] = [];
  if (mlc && probe && !webllmProblem(probe)) list.push({ label: 'web-llm · WebGPU', model: mlc, device: 'auto' });
  if (gguf && probe?.gpu?.features.includes('shader-f16')) list.push({ label: 'llama.cpp · WebGPU', model: gguf, device: 'auto' });
  if (gguf) list.push({ label: 'llama.cpp · CPU', model: gguf, device: 'cpu' });
  return list;
}

/** Runs each candidate in turn: load, then the fixed prompt, greedy. The last one stays loaded. */
export async function runDeviceBench(candidates: readonly BenchCandidate[]): Promise<void> {
  if (benchRunning.value) return;
  benchRunning.value = true;
  benchRows.value = [];
  try {
    for (const c of candidates) {
      const row: BenchRow = {
        label: c.label,
        model: c.model.name,
        engine: c.model.engine,
        backend: null,
        load_ms: null,
        first_token_ms: null,
        prefill_tokens_per_second: null,
        decode_tokens_per_second: null,
        weight_bytes: downloadBytes(c.model) ?? null,
        wasm_build: null,
        error: null,
      };
      try {
        const started = performance.now();
        // Loaded again even when it is the model in use: the bench runs it on this candidate's device.
        const loaded = await session.models.load(c.model, { reload: true, preferences: { ...preferences.value, device: c.device } });
        row.load_ms = Math.round(performance.now() - started);
        row.backend = loaded.backend;
        row.wasm_build = loaded.wasm?.build ?? null;
        row.weight_bytes = loaded.sizeBytes || row.weight_bytes;
        const { completion: result, figures } = await session.chat(
          { messages: [{ role: 'user', content: BENCH_PROMPT }], temperature: 0, max_tokens: BENCH_TOKENS },
          { model: c.model, where: 'device' },
        );
        row.first_token_ms = figures.timeToFirstTokenMs;
        row.prefill_tokens_per_second = result.timings?.prefill_tokens_per_second ?? null;
        row.decode_tokens_per_second = result.timings?.decode_tokens_per_second ?? null;
      } catch (error) {
        row.error = saidOf(error);
      }
      benchRows.value = [...benchRows.value, row];
    }
  } finally {
    benchRunning.value = false;
  }
}

/** Selects, and loads, the candidate that decoded fastest. */
export function useFastest(candidates: readonly BenchCandidate[]): BenchCandidate | null {
  const best = benchRows.value
    .filter((r) => r.decode_tokens_per_second !== null)
    .sort((a, b) => (b.decode_tokens_per_second ?? 0) - (a.decode_tokens_per_second ?? 0))[0];
  const choice = candidates.find((c) => c.label === best?.label) ?? null;
  if (choice) {
    preferences.value = { ...preferences.value, device: choice.device };
    selectModel(choice.model);
  }
  return choice;
}

/** Decode speed can go no faster than memory bandwidth ÷ the bytes of weights read for each token. */
export function decodeCeiling(bandwidthGBs: number, weightBytes: number | null): number | null {
  return bandwidthGBs > 0 && weightBytes ? (bandwidthGBs * 1e9) / weightBytes : null;
}
