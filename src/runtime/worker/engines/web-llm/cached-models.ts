/**
 * What web-llm's cache holds, grouped by model: a model's files share a base URL (4k and 1k variants
 * share weights and library), its library is paired through the catalog or the registry. Sizes of
 * weight shards come from tensor-cache.json, so gigabytes are never read just to be measured.
 */

import { modelBaseUrl } from '../../../shared/engines/web-llm.ts';
import { ALL_VARIANTS } from '../../../shared/models/catalog.ts';
import { forgetMlcModel, mlcRecords } from '../../store/mlc-registry.ts';
import { clearScope, deleteRecords, readRecord, recordKeys, SCOPES } from './cache-db.ts';

export interface CachedMlcModel {
  key: string;
  kind: 'mlc' | 'library';
  name: string;
  bytes: number;
  complete: boolean;
  /** Model ids these files serve. */
  models: string[];
}

interface Pairing {
  libs: Set<string>;
  ids: string[];
  names: string[];
}

const dirOf = (url: string) => url.slice(0, url.lastIndexOf('/') + 1);

async function allKeys() {
  const [config, wasm, model] = await Promise.all([recordKeys('webllm/config'), recordKeys('webllm/wasm'), recordKeys('webllm/model')]);
  return { config, wasm, model };
}

export async function recordSize(scope: 'webllm/config' | 'webllm/model' | 'webllm/wasm', url: string): Promise<number> {
  const data = await readRecord<unknown>(scope, url);
  if (data instanceof ArrayBuffer) return data.byteLength;
  return data === undefined ? 0 : new TextEncoder().encode(JSON.stringify(data)).byteLength;
}

/** Which libraries, ids and names go with each base URL: the catalog's, then those remembered for mirrors. */
async function pairings(): Promise<Map<string, Pairing>> {
  const map = new Map<string, Pairing>();
  const add = (base: string, lib: string, id: string, name: string) => {
    const entry = map.get(base) ?? { libs: new Set<string>(), ids: [], names: [] };
    entry.libs.add(lib);
    entry.ids.push(id);
    entry.names.push(name);
    map.set(base, entry);
  };
  for (const v of ALL_VARIANTS) if (v.engine === 'web-llm') add(modelBaseUrl(v.url), v.modelLib, v.id, v.name);
  for (const r of await mlcRecords()) add(r.base, r.lib, r.id, r.name);
  return map;
}

export async function listCachedMlcModels(): Promise<CachedMlcModel[]> {
  const { config, model, wasm } = await allKeys();
  const paired = await pairings();
  const bases = new Set([...config, ...model].map(dirOf));
  const usedLibs = new Set<string>();
  const result: CachedMlcModel[] = [];
  for (const base of bases) {
    const pairing = paired.get(base);
    const manifest = await readRecord<{ records?: { dataPath: string; nbytes: number }[] }>('webllm/model', `${base}tensor-cache.json`);
    const shardBytes = new Map((manifest?.records ?? []).map((r) => [new URL(r.dataPath, base).href, r.nbytes]));
    let bytes = 0;
    for (const key of [...model].filter((k) => dirOf(k) === base)) bytes += shardBytes.get(key) ?? (await recordSize('webllm/model', key));
    for (const key of [...config].filter((k) => dirOf(k) === base)) bytes += await recordSize('webllm/config', key);
    const libs = [...(pairing?.libs ?? [])].filter((lib) => wasm.has(lib));
    for (const lib of libs) {
      usedLibs.add(lib);
      bytes += await recordSize('webllm/wasm', lib);
    }
    const configData = await readRecord<ArrayBuffer>('webllm/config', `${base}mlc-chat-config.json`);
    const tokenizerFiles: string[] = configData ? (JSON.parse(new TextDecoder().decode(configData)).tokenizer_files ?? []) : [];
    const tokenizer = ['tokenizer.json', 'tokenizer.model'].find((f) => tokenizerFiles.includes(f));
    const complete =
      configData !== undefined &&
      tokenizer !== undefined &&
      model.has(`${base}${tokenizer}`) &&
      manifest !== undefined &&
      [...shardBytes.keys()].every((k) => model.has(k)) &&
      libs.length > 0;
    const name =
      pairing?.names[0]?.replace(/, 1k context\)$/, ')') ??
      decodeURIComponent(
        base
          .replace(/\/resolve\/[^/]+\/$/, '')
          .split('/')
          .pop() ?? base,
      );
    result.push({ key: base, kind: 'mlc', name, bytes, complete, models: pairing?.ids ?? [] });
  }
  for (const lib of wasm) {
    if (usedLibs.has(lib)) continue;
    result.push({
      key: lib,
      kind: 'library',
      name: `Model library ${lib.split('/').pop()}`,
      bytes: await recordSize('webllm/wasm', lib),
      complete: true,
      models: [],
    });
  }
  return result;
}

/** Deletes every file of the model at `key` (a base URL) or one library; a library another cached model uses is kept. */
export async function deleteCachedMlc(key: string): Promise<void> {
  const { config, model, wasm } = await allKeys();
  if (wasm.has(key) && !config.has(`${key}mlc-chat-config.json`)) {
    await deleteRecords('webllm/wasm', [key]);
    return;
  }
  await deleteRecords(
    'webllm/config',
    [...config].filter((k) => k.startsWith(key)),
  );
  await deleteRecords(
    'webllm/model',
    [...model].filter((k) => k.startsWith(key)),
  );
  const paired = await pairings();
  const stillUsed = new Set<string>();
  const remaining = new Set([...config, ...model].map(dirOf).filter((base) => base !== key && !base.startsWith(key)));
  for (const base of remaining) for (const lib of paired.get(base)?.libs ?? []) stillUsed.add(lib);
  await deleteRecords(
    'webllm/wasm',
    [...(paired.get(key)?.libs ?? [])].filter((lib) => wasm.has(lib) && !stillUsed.has(lib)),
  );
  await forgetMlcModel(key);
}

export async function clearMlcCache(): Promise<void> {
  await Promise.all(SCOPES.map(clearScope));
}
