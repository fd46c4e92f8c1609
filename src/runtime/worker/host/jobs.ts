/**
 * Operations the page follows and cancels: each runs under an id the page chose, reports on a port of
 * its own (counted, so nothing reaches the page after the result; see shared/ordered-stream.ts), and
 * closes the port when it ends. The page's half is page/bridge/worker-bridge.ts.
 */
import { transfer } from 'comlink';
import { type Counted, counting, type Reports } from '../../shared/ordered-stream.ts';

/** A page callback passed with comlink's proxy(): plain to the caller, a port to release here. */
export type Callback<T> = (value: T) => void;

/** What a job's body is given: the signal its cancel aborts, and where to report (absent when the page does not listen). */
export interface Job<R> {
  signal: AbortSignal;
  report: Callback<R> | undefined;
}

const running = new Map<string, AbortController>();

/** Cancels the job `id`, if it is still running. */
export function cancelJob(id: string): void {
  running.get(id)?.abort();
}

/**
 * Makes `run` a worker method `(id, report, ...args)`; `transferOf` names buffers the result moves
 * rather than copies (vectors).
 */
export function job<R, A extends unknown[], T>(
  run: (job: Job<R>, ...args: A) => Promise<T>,
  transferOf?: (value: T) => Transferable[],
): (id: string, reports: Reports<R> | undefined, ...args: A) => Promise<Counted<T>> {
  return async (id, reports, ...args) => {
    const controller = new AbortController();
    running.set(id, controller);
    const report = reports && ((value: R) => reports.postMessage(value));
    try {
      const result = await counting(report, (counted) => run({ signal: controller.signal, report: counted }, ...args));
      return transferOf ? transfer(result, transferOf(result.value)) : result;
    } finally {
      running.delete(id);
      reports?.close();
    }
  };
}
