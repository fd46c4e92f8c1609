/** Writes the tiny spelling model once per run; each test worker serves it from its own loopback server. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSpellingModel } from '../fixtures/tiny-model.ts';

export default function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'inpage-e2e-'));
  process.env.TINY_MODEL_PATH = join(dir, 'tiny.gguf');
  writeSpellingModel(process.env.TINY_MODEL_PATH);
  return () => rmSync(dir, { recursive: true, force: true });
}
