/** Writes the tiny model once per run and serves it (and its broken variants) on loopback. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startModelServer } from '../fixtures/model-server.ts';
import { writeSpellingModel } from '../fixtures/tiny-model.ts';

export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'inpage-e2e-'));
  const modelPath = join(dir, 'tiny.gguf');
  writeSpellingModel(modelPath);
  const server = await startModelServer(modelPath);
  process.env.MODEL_SERVER = server.origin;
  process.env.TINY_MODEL_PATH = modelPath;
  return async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
