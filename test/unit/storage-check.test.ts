import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuotaExceededError } from '../../src/runtime/shared/errors/errors.ts';
import { ensureRoom } from '../../src/runtime/shared/store/storage-check.ts';

const withEstimate = (estimate: { usage?: number; quota?: number } | undefined) =>
  vi.stubGlobal('navigator', estimate === undefined ? {} : { storage: { estimate: async () => estimate } });

describe('ensureRoom', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('refuses, before any download, what will not fit, saying how much is needed and free', async () => {
    withEstimate({ usage: 1_000_000_000, quota: 3_000_000_000 });
    const error = await ensureRoom(2_393_231_072, 'Phi-3 mini', 800_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect((error as Error).message).toBe(
      'Phi-3 mini needs 2.39 GB, but this browser lets InPage store only 2.00 GB more, so nothing was downloaded. Other models stored here take 800 MB: delete the ones you no longer need (Models), or free up disk space, then try again.',
    );
    const alone = await ensureRoom(2_393_231_072, 'Phi-3 mini').catch((e: unknown) => e);
    expect((alone as Error).message).toMatch(/so nothing was downloaded\. Free up disk space, then try again\.$/);
    expect((error as QuotaExceededError).details).toEqual({ needBytes: 2_393_231_072, freeBytes: 2_000_000_000 });
  });

  it('keeps a margin: a model that would fill the quota to the byte is refused', async () => {
    withEstimate({ usage: 0, quota: 1_000_000 });
    await expect(ensureRoom(1_000_000, 'm')).rejects.toBeInstanceOf(QuotaExceededError);
    await expect(ensureRoom(900_000, 'm')).resolves.toBeUndefined();
  });

  it('lets the download go ahead when the browser cannot say, or the size is unknown', async () => {
    withEstimate(undefined);
    await expect(ensureRoom(5e9, 'm')).resolves.toBeUndefined();
    withEstimate({ usage: 10 });
    await expect(ensureRoom(5e9, 'm')).resolves.toBeUndefined();
    withEstimate({ usage: 0, quota: 10 });
    await expect(ensureRoom(0, 'm')).resolves.toBeUndefined();
  });
});
