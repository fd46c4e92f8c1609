import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { writeSpellingModel } from '../fixtures/tiny-model.ts';

/** Writes the tiny spelling model before the file's tests and removes it after; returns its bytes. */
export function useTinyModelFile(): () => Uint8Array<ArrayBuffer> {
  let dir = '';
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'inpage-unit-'));
    writeSpellingModel(join(dir, 'tiny.gguf'));
    bytes = new Uint8Array(readFileSync(join(dir, 'tiny.gguf')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => {
    if (!bytes) throw new Error('the tiny model is written in beforeAll');
    return bytes;
  };
}
