/**
 * The llama.cpp engine driven bare: the same LlamaCppEngine the app's worker hosts, with no comlink,
 * no bridge and no page rendering. Chunk times are taken here, where the engine hands them over.
 */

import type { WasmBuild } from '../../src/runtime/shared/wasm/wasm-choice.ts';
import { LlamaCppEngine } from '../../src/runtime/worker/engines/llama-cpp/llama-engine.ts';
import type { BareResult, BareRun } from './bare-protocol.ts';

const scope = self as unknown as { postMessage(data: unknown): void; onmessage: ((event: MessageEvent<BareRun>) => void) | null };
const engine = new LlamaCppEngine();
let loaded = '';
let contextLength = 0;
let loadSteps: Record<string, number> | undefined;
let wasmBuild: WasmBuild | undefined;

scope.onmessage = async (event) => {
  const { url, threads, prompt, messages, maxTokens, llama, cachePrompt, loadOnly = false, wasmBuild: build } = event.data;
  try {
    const started = performance.now();
    const key = `${url} ${JSON.stringify(llama ?? {})} ${build ?? 'auto'}`;
    if (loaded !== key) {
      engine.wasmChoice = build ?? 'auto';
      const model = await engine.load({ engine: 'llama.cpp', id: url, name: 'bench model', url }, { threads, device: 'cpu', llama });
      contextLength = model.contextLength;
      loadSteps = model.loadSteps;
      wasmBuild = model.wasm?.build;
      loaded = key;
    }
    const loadMs = performance.now() - started;
    const empty = { text: '', completionTokens: 0, promptTokens: 0, cachedTokens: 0, sentMs: 0, firstChunkMs: 0, lastChunkMs: 0 };
    if (loadOnly) {
      scope.postMessage({
        ...empty,
        engineDecode: undefined,
        prefillMs: undefined,
        loadMs,
        loadSteps,
        contextLength,
        wasmBuild,
      } satisfies BareResult);
      return;
    }
    const times: number[] = [];
    const sentMs = performance.now();
    const result = await engine.chat(
      {
        messages: messages ?? [{ role: 'user', content: prompt }],
        temperature: 0,
        max_tokens: maxTokens,
        ...(cachePrompt === undefined ? {} : { cache_prompt: cachePrompt }),
      },
      { onChunk: () => times.push(performance.now()) },
    );
    scope.postMessage({
      text: result.choices[0]?.message.content ?? '',
      completionTokens: result.usage.completion_tokens,
      promptTokens: result.usage.prompt_tokens,
      cachedTokens: result.usage.prompt_tokens_details?.cached_tokens ?? 0,
      sentMs,
      firstChunkMs: times[0] ?? 0,
      lastChunkMs: times.at(-1) ?? 0,
      engineDecode: result.timings?.decode_tokens_per_second,
      prefillMs: result.timings?.prefill_ms,
      loadMs,
      contextLength,
      wasmBuild,
    } satisfies BareResult);
  } catch (error) {
    scope.postMessage({ error: String(error) });
  }
};
