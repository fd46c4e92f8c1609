/**
 * The llama.cpp engine driven bare: the same LlamaCppEngine the app's worker hosts, with no comlink,
 * no bridge and no page rendering. Chunk times are taken here, where the engine hands them over.
 */
import { LlamaCppEngine } from '../../src/runtime/worker/llama-engine.ts';

export interface BareRun {
  url: string;
  threads: number;
  prompt: string;
  maxTokens: number;
  /** Only load (from this page's IndexedDB when stored), and say how long it took. */
  loadOnly?: boolean;
}

export interface BareResult {
  completionTokens: number;
  firstChunkMs: number;
  lastChunkMs: number;
  engineDecode: number | undefined;
  loadMs: number;
}

const scope = self as unknown as { postMessage(data: unknown): void; onmessage: ((event: MessageEvent<BareRun>) => void) | null };
const engine = new LlamaCppEngine();
let loaded = '';

scope.onmessage = async (event) => {
  const { url, threads, prompt, maxTokens, loadOnly = false } = event.data;
  try {
    const started = performance.now();
    if (loaded !== url) {
      await engine.load({ engine: 'llama.cpp', id: url, name: 'bench model', url }, { threads, device: 'cpu' });
      loaded = url;
    }
    const loadMs = performance.now() - started;
    if (loadOnly) {
      scope.postMessage({ completionTokens: 0, firstChunkMs: 0, lastChunkMs: 0, engineDecode: undefined, loadMs } satisfies BareResult);
      return;
    }
    const times: number[] = [];
    const result = await engine.chat(
      { messages: [{ role: 'user', content: prompt }], temperature: 0, max_tokens: maxTokens },
      { onChunk: () => times.push(performance.now()) },
    );
    scope.postMessage({
      completionTokens: result.usage.completion_tokens,
      firstChunkMs: times[0] ?? 0,
      lastChunkMs: times.at(-1) ?? 0,
      engineDecode: result.timings?.decode_tokens_per_second,
      loadMs,
    } satisfies BareResult);
  } catch (error) {
    scope.postMessage({ error: String(error) });
  }
};
