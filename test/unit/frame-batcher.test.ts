import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameBatcher } from '../../src/state/frame-batcher.ts';

let frames: (() => void)[];
beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    frames[id - 1] = () => {};
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('frameBatcher', () => {
  it('hands on the text of one frame in one call', () => {
    const applied: string[] = [];
    const batch = frameBatcher((text) => applied.push(text));
    batch.push('A');
    batch.push('B');
    batch.push('C');
    expect(applied).toEqual([]);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(applied).toEqual(['ABC']);
    batch.push('D');
    frames.shift()?.();
    expect(applied).toEqual(['ABC', 'D']);
  });

  it('flush applies what is pending at once, and the pending frame then does nothing', () => {
    const applied: string[] = [];
    const batch = frameBatcher((text) => applied.push(text));
    batch.push('xy');
    batch.flush();
    expect(applied).toEqual(['xy']);
    for (const frame of frames) frame();
    expect(applied).toEqual(['xy']);
  });
});
