/**
 * The session's model loader: a model is loaded once, a second request waits for the same load, a
 * request for another model cancels the one under way, a failure is forgotten (and thrown), and a
 * model too large for what is left of this browser's storage is refused before the worker is asked.
 * The worker's side is a stand-in that answers the loader's two calls: its list and its load.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobOptions, WorkerBridge } from '../../src/runtime/page/bridge/worker-bridge.ts';
import { createModelLoader } from '../../src/runtime/page/session/model-loader.ts';
import type { CachedModel, LoadedModel, LoadProgress, ModelSpec } from '../../src/runtime/shared/engine.ts';
import { AbortError, NetworkError, QuotaExceededError } from '../../src/runtime/shared/errors/errors.ts';
import { say } from '../../src/runtime/shared/errors/said.ts';
import { PHI3_MINI_Q4_GGUF, QWEN25_05B_GGUF } from '../../src/runtime/shared/models/catalog.ts';

interface Pending {
  model: ModelSpec;
  signal: AbortSignal | undefined;
  report: ((p: LoadProgress) => void) | undefined;
  resolve(): void;
  reject(error: Error): void;
}

/** The worker as the loader sees it: loads wait until the test settles them. */
function worker(stored: CachedModel[] = []) {
  const loads: Pending[] = [];
  const bridge = {
    call: async (method: string) => {
      if (method !== 'cachedModels') throw new Error(`unexpected ${method}`);
      return stored;
    },
    run: (method: string, [model]: [ModelSpec], { signal, onReport }: JobOptions<LoadProgress> = {}) => {
      if (method !== 'load') throw new Error(`unexpected ${method}`);
      return new Promise<LoadedModel>((resolve, reject) => {
        const loaded = { id: model.id, name: model.name, engine: model.engine } as LoadedModel;
        loads.push({ model, signal, report: onReport, resolve: () => resolve(loaded), reject });
        signal?.addEventListener('abort', () => reject(new AbortError()), { once: true });
      });
    },
  } as unknown as WorkerBridge;
  return { bridge, loads };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.unstubAllGlobals());

describe('the model loader', () => {
  it('loads a model once: a second request waits for the same load, and a loaded one is kept', async () => {
    const { bridge, loads } = worker();
    const ready: string[] = [];
    const loader = createModelLoader(bridge, { onReady: (m) => ready.push(m.id) });
    const one = loader.load(PHI3_MINI_Q4_GGUF);
    const two = loader.load(PHI3_MINI_Q4_GGUF);
    expect(loader.loading).toBe(PHI3_MINI_Q4_GGUF);
    await settle();
    expect(loads).toHaveLength(1);
    loads[0]?.resolve();
    expect((await one).id).toBe(PHI3_MINI_Q4_GGUF.id);
    expect(await two).toBe(await one);
    await settle();
    expect(loader.current?.id).toBe(PHI3_MINI_Q4_GGUF.id);
    expect(await loader.load(PHI3_MINI_Q4_GGUF)).toBe(await one);
    expect([loads.length, ready]).toEqual([1, [PHI3_MINI_Q4_GGUF.id]]);
  });

  it('another model cancels the load under way; the cancelled one says nothing, the new one loads', async () => {
    const { bridge, loads } = worker();
    const errors: unknown[] = [];
    const loader = createModelLoader(bridge, { onError: (_, e) => errors.push(e) });
    const first = loader.load(PHI3_MINI_Q4_GGUF).catch((e: unknown) => e);
    await settle();
    const second = loader.load(QWEN25_05B_GGUF);
    await settle();
    expect(loads[0]?.signal?.aborted).toBe(true);
    expect(await first).toBeInstanceOf(AbortError);
    loads[1]?.resolve();
    expect((await second).id).toBe(QWEN25_05B_GGUF.id);
    expect(errors).toEqual([]);
  });

  it('a failure is thrown and forgotten: the next request loads again', async () => {
    const { bridge, loads } = worker();
    const errors: unknown[] = [];
    const loader = createModelLoader(bridge, { onError: (_, e) => errors.push(e) });
    const failed = loader.load(PHI3_MINI_Q4_GGUF);
    await settle();
    loads[0]?.reject(new NetworkError(say('unreachable', { host: 'h' })));
    await expect(failed).rejects.toBeInstanceOf(NetworkError);
    expect([loader.current, loader.loading]).toEqual([null, null]);
    expect(errors).toHaveLength(1);
    const again = loader.load(PHI3_MINI_Q4_GGUF);
    await settle();
    loads[1]?.resolve();
    await expect(again).resolves.toMatchObject({ id: PHI3_MINI_Q4_GGUF.id });
  });

  it('reload loads again a model that is loaded; forget drops it and says so', async () => {
    const { bridge, loads } = worker();
    let forgotten = 0;
    const loader = createModelLoader(bridge, { onForget: () => forgotten++ });
    const one = loader.load(PHI3_MINI_Q4_GGUF);
    await settle();
    loads[0]?.resolve();
    await one;
    const again = loader.load(PHI3_MINI_Q4_GGUF, { reload: true, preferences: { device: 'cpu' } });
    await settle();
    expect(loads).toHaveLength(2);
    loads[1]?.resolve();
    await again;
    loader.forget();
    expect([loader.current, forgotten]).toEqual([null, 1]);
  });

  it('the caller’s signal cancels its load', async () => {
    const { bridge, loads } = worker();
    const loader = createModelLoader(bridge);
    const controller = new AbortController();
    const pending = loader.load(PHI3_MINI_Q4_GGUF, { signal: controller.signal });
    await settle();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(loads[0]?.signal?.aborted).toBe(true);
  });

  it('a model that will not fit what is left of storage is refused before the worker loads anything', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 0, quota: 1e9 }) } });
    const { bridge, loads } = worker();
    const loader = createModelLoader(bridge);
    await expect(loader.load(PHI3_MINI_Q4_GGUF)).rejects.toBeInstanceOf(QuotaExceededError);
    expect(loads).toEqual([]);
  });

  it('progress reaches the face only for the load it asked for', async () => {
    const { bridge, loads } = worker();
    const seen: [string, number][] = [];
    const loader = createModelLoader(bridge, { onProgress: (m, p) => seen.push([m.id, p.loadedBytes]) });
    void loader.load(PHI3_MINI_Q4_GGUF).catch(() => {});
    await settle();
    const old = loads[0];
    void loader.load(QWEN25_05B_GGUF);
    await settle();
    old?.report?.({ phase: 'download', loadedBytes: 1, totalBytes: 2 });
    loads[1]?.report?.({ phase: 'download', loadedBytes: 3, totalBytes: 4 });
    expect(seen).toEqual([[QWEN25_05B_GGUF.id, 3]]);
  });
});
