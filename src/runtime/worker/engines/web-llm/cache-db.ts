/**
 * web-llm's IndexedDB cache, read and written in its own format so each side uses the other's
 * entries: databases `webllm/config`, `webllm/wasm`, `webllm/model`, each at version 1 with one store
 * `urls` keyed by `url`, records `{url, data}`; data is an ArrayBuffer, or parsed JSON for
 * tensor-cache.json. The version must stay 1: web-llm opens version 1 and would fail on a newer one.
 */
import { guard } from '../../../shared/store/storage-errors.ts';

export type Scope = 'webllm/config' | 'webllm/wasm' | 'webllm/model';
export const SCOPES: readonly Scope[] = ['webllm/config', 'webllm/wasm', 'webllm/model'];
const STORE = 'urls';

const connections = new Map<Scope, Promise<IDBDatabase>>();

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openVersion1(scope: Scope): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(scope, 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE, { keyPath: 'url' });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function db(scope: Scope): Promise<IDBDatabase> {
  let connection = connections.get(scope);
  if (!connection) {
    connection = (async () => {
      let database = await openVersion1(scope);
      if (!database.objectStoreNames.contains(STORE)) {
        // A stray database without the store would break web-llm too: start it again at version 1.
        database.close();
        await request(indexedDB.deleteDatabase(scope));
        database = await openVersion1(scope);
      }
      database.onclose = () => connections.delete(scope);
      database.onversionchange = () => {
        database.close();
        connections.delete(scope);
      };
      return database;
    })();
    connection.catch(() => connections.delete(scope));
    connections.set(scope, connection);
  }
  return connection;
}

async function withStore<T>(scope: Scope, mode: IDBTransactionMode, run: (store: IDBObjectStore) => Promise<T>): Promise<T> {
  const database = await db(scope);
  return run(database.transaction(STORE, mode).objectStore(STORE));
}

export function readRecord<T>(scope: Scope, url: string): Promise<T | undefined> {
  return guard(() => withStore(scope, 'readonly', async (store) => (await request<{ data: T } | undefined>(store.get(url)))?.data));
}

export function writeRecord(scope: Scope, url: string, data: ArrayBuffer | object, savedBytes = 0): Promise<void> {
  return guard(() => withStore(scope, 'readwrite', async (store) => void (await request(store.put({ url, data })))), savedBytes);
}

export function recordKeys(scope: Scope): Promise<Set<string>> {
  return guard(() => withStore(scope, 'readonly', async (store) => new Set((await request(store.getAllKeys())) as string[])));
}

export function deleteRecords(scope: Scope, urls: readonly string[]): Promise<void> {
  return guard(() =>
    withStore(scope, 'readwrite', async (store) => {
      await Promise.all(urls.map((url) => request(store.delete(url))));
    }),
  );
}

export function clearScope(scope: Scope): Promise<void> {
  return guard(() => withStore(scope, 'readwrite', async (store) => void (await request(store.clear()))));
}
