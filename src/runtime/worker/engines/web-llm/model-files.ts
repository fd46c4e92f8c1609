/**
 * An MLC model's files, and downloading the missing ones into web-llm's cache ourselves: byte-level
 * progress with ETA, HTTP failures named, shard sizes checked against the manifest, and nothing
 * loaded onto the GPU. web-llm's reload() then finds everything cached.
 */

import type { LoadProgress, MlcModelSpec } from '../../../shared/engine.ts';
import { modelBaseUrl } from '../../../shared/engines/web-llm.ts';
import { InvalidModelError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import { ensureRoom } from '../../../shared/store/storage-check.ts';
import { contentLength, fetchModelFile, readBody } from '../../store/http.ts';
import { readRecord, recordKeys, type Scope, writeRecord } from './cache-db.ts';
import { seesPictures } from './webllm-pictures.ts';

export { modelBaseUrl };

export interface ModelFile {
  scope: Scope;
  url: string;
  kind: 'config' | 'tokenizer' | 'tensor-cache' | 'shard' | 'library';
  /** Known in advance for shards (from tensor-cache.json). */
  bytes?: number;
}

interface TensorCache {
  records: { dataPath: string; nbytes: number }[];
}

export interface ModelFiles {
  base: string;
  files: ModelFile[];
  /** Bytes of weights, from the manifest. */
  weightBytes: number;
  /** A vision-language model, by its config's model_type: it takes pictures. */
  vision: boolean;
}

interface Options {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
}

/** Fetches a small JSON file whole (config, manifest), storing it as web-llm would. */
async function smallJson(
  spec: MlcModelSpec,
  scope: Scope,
  url: string,
  storeAs: 'arraybuffer' | 'json',
  signal?: AbortSignal,
): Promise<unknown> {
  const stored = await readRecord<ArrayBuffer | object>(scope, url);
  if (stored !== undefined) {
    return stored instanceof ArrayBuffer ? JSON.parse(new TextDecoder().decode(stored)) : stored;
  }
  const response = await fetchModelFile(url, spec.name, signal);
  const bytes = await response.arrayBuffer();
  const text = new TextDecoder().decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const what = url.split('/').pop();
    throw new InvalidModelError(say('mlcNotJson', { name: spec.name, file: what ?? url, webPage: /^\s*</.test(text) }), {
      url,
    });
  }
  await writeRecord(scope, url, storeAs === 'json' ? (value as object) : bytes);
  return value;
}

/** Every file a load needs, reading (or fetching) the config and the tensor-cache manifest to list them. */
export async function resolveModelFiles(spec: MlcModelSpec, signal?: AbortSignal): Promise<ModelFiles> {
  const base = modelBaseUrl(spec.url);
  const configUrl = new URL('mlc-chat-config.json', base).href;
  const config = (await smallJson(spec, 'webllm/config', configUrl, 'arraybuffer', signal)) as {
    tokenizer_files?: string[];
    model_type?: unknown;
  };
  const tokenizerFiles = config.tokenizer_files ?? [];
  const tokenizer = ['tokenizer.json', 'tokenizer.model'].find((f) => tokenizerFiles.includes(f));
  if (!tokenizer) {
    throw new InvalidModelError(say('mlcNoTokenizer', { name: spec.name }), {
      url: configUrl,
    });
  }
  const cacheUrl = new URL('tensor-cache.json', base).href;
  const cache = (await smallJson(spec, 'webllm/model', cacheUrl, 'json', signal)) as TensorCache;
  if (!Array.isArray(cache.records)) throw new InvalidModelError(say('mlcNoWeights', { name: spec.name }), { url: cacheUrl });
  const shards = cache.records.map(
    (r): ModelFile => ({ scope: 'webllm/model', url: new URL(r.dataPath, base).href, kind: 'shard', bytes: r.nbytes }),
  );
  return {
    base,
    weightBytes: shards.reduce((n, s) => n + (s.bytes ?? 0), 0),
    vision: seesPictures(config),
    files: [
      { scope: 'webllm/config', url: configUrl, kind: 'config' },
      { scope: 'webllm/model', url: new URL(tokenizer, base).href, kind: 'tokenizer' },
      { scope: 'webllm/model', url: cacheUrl, kind: 'tensor-cache' },
      ...shards,
      { scope: 'webllm/wasm', url: spec.modelLib, kind: 'library' },
    ],
  };
}

/** The files not yet in web-llm's cache: everything a load needs is checked, not just the weights. */
export async function missingFiles(files: readonly ModelFile[]): Promise<ModelFile[]> {
  const present = new Map<Scope, Set<string>>();
  for (const file of files) if (!present.has(file.scope)) present.set(file.scope, await recordKeys(file.scope));
  return files.filter((f) => !present.get(f.scope)?.has(f.url));
}

const PARALLEL = 4;
const PROGRESS_INTERVAL_MS = 100;

/** Downloads the missing files, four at a time. Resolves with what was fetched (0 when all was cached). */
export async function downloadMissing(spec: MlcModelSpec, model: ModelFiles, { signal: outer, onProgress }: Options): Promise<number> {
  const queue = await missingFiles(model.files);
  if (queue.length === 0) return 0;
  await ensureRoom(
    queue.reduce((n, f) => n + (f.bytes ?? 0), 0),
    spec.name,
  );
  // One failure stops the other downloads too; whole files already stored are kept for next time.
  const stop = new AbortController();
  const signal = stop.signal;
  const forward = () => stop.abort();
  outer?.addEventListener('abort', forward, { once: true });
  if (outer?.aborted) stop.abort();
  const known = queue.reduce((n, f) => n + (f.bytes ?? 0), 0);
  let total = known;
  let loaded = 0;
  let done = 0;
  const count = queue.length;
  const started = Date.now();
  let reportedAt = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - reportedAt < PROGRESS_INTERVAL_MS) return;
    reportedAt = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 1 ? loaded / seconds : 0;
    onProgress?.({
      phase: 'download',
      loadedBytes: loaded,
      totalBytes: total,
      files: { done, total: count },
      etaSeconds: rate > 0 ? Math.max(0, (total - loaded) / rate) : undefined,
    });
  };
  report(true);

  const fetchOne = async (file: ModelFile) => {
    const response = await fetchModelFile(file.url, spec.name, signal);
    const length = contentLength(response);
    if (file.bytes === undefined && length !== null) total += length;
    const expected = file.bytes ?? length;
    const parts: Uint8Array[] = [];
    const received = await readBody(response, { url: file.url, signal, total: length }, (bytes) => {
      parts.push(bytes);
      loaded += bytes.byteLength;
      report();
    });
    if (file.bytes !== undefined && received !== file.bytes) {
      throw new InvalidModelError(
        say('mlcShardSize', { file: file.url.split('/').pop() ?? file.url, name: spec.name, received, expected: file.bytes }),
        { url: file.url },
      );
    }
    const data = new Uint8Array(expected ?? received);
    let at = 0;
    for (const part of parts) {
      data.set(part, at);
      at += part.byteLength;
    }
    await writeRecord(file.scope, file.url, data.buffer, loaded);
    done++;
    report(true);
  };

  let next = 0;
  const worker = async () => {
    try {
      while (next < queue.length && !signal.aborted) await fetchOne(queue[next++] as ModelFile);
    } catch (error) {
      stop.abort();
      throw error;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  } finally {
    outer?.removeEventListener('abort', forward);
  }
  return loaded;
}
