/** Reads the page's IndexedDB as a test checks it: without creating a database or a store that is not there. */
import type { Page } from '@playwright/test';

type Read = { keys: true } | { key: string } | { values: true };

/** The values (or keys, or the one value at `key`) of `store` in `db`; [] or undefined when either is missing. */
export function readStore(page: Page, db: string, store: string, read: Read = { values: true }): Promise<unknown> {
  return page.evaluate(
    ([name, storeName, what]) =>
      new Promise<unknown>((resolve, reject) => {
        const missing = 'key' in what ? undefined : [];
        const open = indexedDB.open(name);
        // No database yet: abort, so reading does not create one.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve(missing) : reject(open.error));
        open.onsuccess = () => {
          const database = open.result;
          if (!database.objectStoreNames.contains(storeName)) {
            database.close();
            return resolve(missing);
          }
          const s = database.transaction(storeName).objectStore(storeName);
          const request = 'key' in what ? s.get(what.key) : 'keys' in what ? s.getAllKeys() : s.getAll();
          request.onsuccess = () => {
            database.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    [db, store, read] as const,
  );
}
