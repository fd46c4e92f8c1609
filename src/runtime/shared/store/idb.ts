/**
 * Opens one IndexedDB database with all its object stores, for idb-keyval's verbs. Unlike
 * idb-keyval's createStore it does not trust an existing database: one left without our stores
 * (by an older version, or a stray open) is upgraded, not failed on forever.
 */
import type { UseStore } from 'idb-keyval';

const upgradeListeners = new Set<(database: string) => void>();

/** Calls `listener` when another tab upgrades one of our databases (a newer InPage): this tab's code may no longer fit it. */
export function onUpgradeElsewhere(listener: (database: string) => void): void {
  upgradeListeners.add(listener);
}

function open(name: string, stores: readonly string[], version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      for (const store of stores) if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function openDatabase<S extends string>(name: string, stores: readonly S[]): Record<S, UseStore> {
  let connection: Promise<IDBDatabase> | undefined;
  const db = () => {
    connection ??= (async () => {
      let database = await open(name, stores);
      if (stores.some((store) => !database.objectStoreNames.contains(store))) {
        const version = database.version + 1;
        database.close();
        database = await open(name, stores, version);
      }
      // Safari sometimes closes connections; another tab's upgrade or a delete asks us to let go.
      database.onclose = () => {
        connection = undefined;
      };
      database.onversionchange = (event) => {
        // Let go at once, so the other tab's upgrade or delete is never blocked by this one.
        database.close();
        connection = undefined;
        if (event.newVersion !== null) for (const listener of upgradeListeners) listener(name);
      };
      return database;
    })();
    connection.catch(() => {
      connection = undefined;
    });
    return connection;
  };
  const entries = stores.map((store): [S, UseStore] => [
    store,
    (mode, callback) => db().then((database) => callback(database.transaction(store, mode).objectStore(store))),
  ]);
  return Object.fromEntries(entries) as Record<S, UseStore>;
}
