/**
 * Which model library and name go with an MLC model's base URL. web-llm's cache keys files by URL
 * only, and a mirror's library can live anywhere, so the pairing is remembered here when a model is
 * first loaded; catalog models need no entry.
 */
import { get, promisifyRequest, set } from 'idb-keyval';
import { guard } from '../../shared/store/storage-errors.ts';
import { inpageDb } from './db.ts';

export interface MlcRecord {
  base: string;
  lib: string;
  id: string;
  name: string;
}

export function rememberMlcModel(record: MlcRecord): Promise<void> {
  return guard(() => set(record.base, record, inpageDb().mlc));
}

export function mlcRecords(): Promise<MlcRecord[]> {
  return guard(() => inpageDb().mlc('readonly', (store) => promisifyRequest(store.getAll())));
}

export function forgetMlcModel(base: string): Promise<void> {
  return guard(() => inpageDb().mlc('readwrite', (store) => promisifyRequest(store.delete(base))));
}

export function mlcRecord(base: string): Promise<MlcRecord | undefined> {
  return guard(() => get<MlcRecord>(base, inpageDb().mlc));
}

export function clearMlcRecords(): Promise<void> {
  return guard(() => inpageDb().mlc('readwrite', (store) => promisifyRequest(store.clear())));
}
