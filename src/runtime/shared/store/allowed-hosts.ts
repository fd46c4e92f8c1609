/**
 * Origins the user chose to connect to (a model by address, their own cloud endpoint), beyond those
 * the app's Content-Security-Policy lists. The service worker adds them to the policy it serves.
 */
import { keys, set } from 'idb-keyval';
import { openDatabase } from './idb.ts';

let stores: ReturnType<typeof openDatabase<'hosts'>> | undefined;
function db() {
  stores ??= openDatabase('inpage-hosts', ['hosts']);
  return stores.hosts;
}

/** `url`'s origin as a CSP source, or null if it is not a plain http(s) origin (nothing that could bend the policy). */
export function policySource(url: string): string | null {
  try {
    const { protocol, origin } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin) ? origin : null;
  } catch {
    return null;
  }
}

export async function allowHost(url: string): Promise<void> {
  const source = policySource(url);
  if (source) await set(source, Date.now(), db()).catch(() => {}); // without storage, the default policy stays
}

export async function allowedHosts(): Promise<string[]> {
  try {
    return ((await keys(db())) as string[]).filter((k) => policySource(k) === k);
  } catch {
    return [];
  }
}
