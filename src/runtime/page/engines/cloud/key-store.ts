/**
 * The user's API key, in this browser's IndexedDB only, bound to the endpoint it was entered for: a
 * key is handed out only for that exact endpoint, so a changed base URL can never receive it.
 */
import { clear, get, set } from 'idb-keyval';
import { openDatabase } from '../../../shared/store/idb.ts';
import { guard as guardStorage } from '../../../shared/store/storage-errors.ts';

const guard = <T>(step: () => Promise<T>) => guardStorage(step, 0, 'key');

/** Says "the saved key changed" to every page of this origin: the app's tabs and any widget. */
const KEY_CHANNEL = 'inpage-keys';
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(KEY_CHANNEL);
const announce = () => channel?.postMessage('changed');

/** Calls `listener` when another page saves or forgets a key; returns a function that stops it. */
export function onKeyChange(listener: () => void): () => void {
  channel?.addEventListener('message', listener);
  return () => channel?.removeEventListener('message', listener);
}

interface KeyRecord {
  endpoint: string;
  key: string;
}

let stores: ReturnType<typeof openDatabase<'keys'>> | undefined;
function db() {
  stores ??= openDatabase('inpage-keys', ['keys']);
  return stores.keys;
}

/** Saves `key` for `endpoint`, replacing any key saved before (for this or any other endpoint). */
export function saveKey(endpoint: string, key: string): Promise<void> {
  return guard(async () => {
    await clear(db());
    await set('cloud', { endpoint, key } satisfies KeyRecord, db());
    announce();
  });
}

/** The key entered for exactly `endpoint`, or undefined. */
export function keyFor(endpoint: string): Promise<string | undefined> {
  return guard(async () => {
    const record = await get<KeyRecord>('cloud', db());
    return record?.endpoint === endpoint ? record.key : undefined;
  });
}

/** The endpoint a key is saved for, without handing out the key. */
export function keyEndpoint(): Promise<string | undefined> {
  return guard(async () => (await get<KeyRecord>('cloud', db()))?.endpoint);
}

/** Forgets every saved key. */
export function forgetKeys(): Promise<void> {
  return guard(async () => {
    await clear(db());
    announce();
  });
}
