/**
 * The engines that run in this worker, one row each beside their row in ENGINES (shared/engines):
 * how to make them, and how their files are fetched, listed, repaired and deleted. A worker engine
 * kind without a row here does not compile. Adding an engine: a folder under engines/, and its rows.
 */
import type { AnyModelSpec, SpecOf } from '../../shared/engine.ts';
import { ENGINES, type WorkerEngineKind } from '../../shared/engines/index.ts';
import { LLAMA_CPP_WORKER } from './llama-cpp/index.ts';
import { ONNX_WORKER } from './onnx/index.ts';
import type { WorkerEngine } from './row.ts';
import { WEB_LLM_WORKER } from './web-llm/index.ts';

export type { Transfer, WorkerEngine } from './row.ts';

export const WORKER_ENGINES = {
  'llama.cpp': LLAMA_CPP_WORKER,
  'web-llm': WEB_LLM_WORKER,
  onnx: ONNX_WORKER,
} as const satisfies { [K in WorkerEngineKind]: WorkerEngine<SpecOf<K>> };

export const WORKER_KINDS = Object.keys(WORKER_ENGINES) as WorkerEngineKind[];

/** The worker row of `spec`'s engine, typed for that spec; a spec of an engine that runs on the page is refused. */
export function workerEngineOf<S extends AnyModelSpec>(spec: S): WorkerEngine<S> {
  if (ENGINES[spec.engine].runs !== 'worker') throw new TypeError(`The ${spec.engine} engine does not run in the worker.`);
  return WORKER_ENGINES[spec.engine as WorkerEngineKind] as unknown as WorkerEngine<S>;
}
