/**
 * ONNX Runtime in a worker of its own, started by the runtime worker: a passage's run (a quarter of a
 * second on one thread) blocks only this thread, never the runtime worker that streams replies.
 */
import { expose, transfer } from 'comlink';
import type { InferenceSession } from 'onnxruntime-web/wasm';

type Ort = typeof import('onnxruntime-web/wasm');

let ort: Ort | null = null;
let session: InferenceSession | null = null;

const api = {
  /** Starts ONNX Runtime (its loader's address and its WebAssembly's bytes) once; `threads` counts from the first start. */
  async start(mjs: string, wasm: ArrayBuffer, threads: number | null): Promise<void> {
    if (ort) return;
    const runtime = await import('onnxruntime-web/wasm');
    runtime.env.wasm.wasmBinary = wasm;
    runtime.env.wasm.wasmPaths = { mjs };
    // This is the worker: no proxy worker of its own. Threads need cross-origin isolation; without it ORT runs one.
    runtime.env.wasm.proxy = false;
    if (threads) runtime.env.wasm.numThreads = threads;
    runtime.env.logLevel = 'error';
    ort = runtime;
  },

  /** Opens a model (its graph's bytes) in place of any other; resolves with its input and output names. */
  async open(graph: ArrayBuffer): Promise<{ inputs: string[]; outputs: string[] }> {
    if (!ort) throw new Error('ONNX Runtime was not started');
    await api.release();
    session = await ort.InferenceSession.create(new Uint8Array(graph), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return { inputs: [...session.inputNames], outputs: [...session.outputNames] };
  },

  /** One run: int64 inputs of shape [1, n] by name; resolves with `output`'s data and dims. */
  async run(feeds: Record<string, BigInt64Array>, output: string): Promise<{ data: Float32Array; dims: number[] }> {
    const runtime = ort;
    if (!runtime || !session) throw new Error('no ONNX model is open');
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, ids]) => [name, new runtime.Tensor('int64', ids, [1, ids.length])]),
    );
    const result = await session.run(tensors as never, [output]);
    const value = result[output];
    if (!value) throw new Error(`the model gave no ${output}`);
    const data = Float32Array.from(value.data as Float32Array);
    const dims = [...value.dims];
    value.dispose();
    return transfer({ data, dims }, [data.buffer]);
  },

  async release(): Promise<void> {
    const open = session;
    session = null;
    await open?.release();
  },
};

export type OnnxWorker = typeof api;

expose(api);
