/** InPage's own database and its stores, opened once; every module uses this list so none triggers an upgrade the others lack. */
import { openDatabase } from '../../shared/store/idb.ts';

const STORES = ['files', 'chunks', 'mlc'] as const;
let stores: ReturnType<typeof openDatabase<(typeof STORES)[number]>> | undefined;

/** files and chunks: GGUF model files; mlc: which library and name go with an MLC model's base URL. */
export function inpageDb() {
  stores ??= openDatabase('inpage-models', STORES);
  return stores;
}
