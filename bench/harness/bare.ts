/** The page of the bare harness: one worker running the engine; the bench calls window.runBare(). */
import type { BareResult, BareRun } from './bare-protocol.ts';

const worker = new Worker(new URL('./bare-worker.ts', import.meta.url), { type: 'module' });

(window as unknown as { runBare: (run: BareRun) => Promise<BareResult> }).runBare = (run) =>
  new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<BareResult | { error: string }>) =>
      'error' in event.data ? reject(new Error(event.data.error)) : resolve(event.data);
    worker.postMessage(run);
  });
