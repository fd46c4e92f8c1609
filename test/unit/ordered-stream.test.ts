import { expose, proxy, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import '../../src/runtime/shared/errors/error-transfer.ts';
import { InferenceError } from '../../src/runtime/shared/errors/errors.ts';
import { type Counted, counting, inOrder } from '../../src/runtime/shared/ordered-stream.ts';

type Api = { stream(n: number, fail: boolean, onChunk?: (c: number) => void): Promise<Counted<string>> };

/** A worker-like end over a real MessageChannel: each proxied callback gets its own port, as in the app. */
function connect(): { api: ReturnType<typeof wrap<Api>>; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  expose(
    {
      stream: (n: number, fail: boolean, onChunk?: (c: number) => void) =>
        counting(onChunk, async (counted) => {
          for (let i = 0; i < n; i++) counted?.(i);
          if (fail) throw new InferenceError('broke off');
          return `sent ${n}`;
        }),
    } satisfies Api,
    port1,
  );
  return {
    api: wrap<Api>(port2),
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

const never = new Promise<never>(() => {});

describe('ordered streams across the worker boundary', () => {
  it('resolves only after every one of many small chunks arrived, in order', async () => {
    const { api, close } = connect();
    for (const n of [0, 1, 7, 500, 3000]) {
      const got: number[] = [];
      const value = await inOrder<number, string>(
        (c) => got.push(c),
        (cb) => api.stream(n, false, cb && proxy(cb)),
        never,
      );
      // Nothing may arrive after the result: what was received at settling is everything.
      expect(value).toBe(`sent ${n}`);
      expect(got).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    close();
  });

  it('rejects only after the chunks sent before the error arrived, with the error intact', async () => {
    const { api, close } = connect();
    const got: number[] = [];
    const error = await inOrder<number, string>(
      (c) => got.push(c),
      (cb) => api.stream(2000, true, cb && proxy(cb)),
      never,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceError);
    expect(got).toHaveLength(2000);
    close();
  });

  it('without a callback, the value passes straight through', async () => {
    const { api, close } = connect();
    expect(await inOrder<number, string>(undefined, (cb) => api.stream(5, false, cb && proxy(cb)), never)).toBe('sent 5');
    close();
  });

  it('a worker that dies mid-stream ends the wait', async () => {
    const dead = Promise.reject(new Error('worker died'));
    dead.catch(() => {});
    const stuck = () => new Promise<Counted<string>>(() => {});
    await expect(inOrder<number, string>(() => {}, stuck, dead)).rejects.toThrow('worker died');
  });
});
