import type { PrecacheEntry } from 'workbox-precaching';

/** How the build names wllama's compat files (scripts/wllama-compat.ts), so the service worker can find them in its manifest. */
export const COMPAT_ASSET_PREFIX = 'wllama-compat-';
export const COMPAT_ASSET = new RegExp(`(^|/)${COMPAT_ASSET_PREFIX}[\\w-]+\\.(js|wasm)$`);

type Entry = string | PrecacheEntry;
const urlOf = (entry: Entry) => (typeof entry === 'string' ? entry : entry.url);

/** The manifest without the compat build's files, and those files' addresses. */
export function splitManifest(entries: readonly Entry[], base: string): { precache: Entry[]; compat: Set<string> } {
  const compat = new Set(entries.filter((e) => COMPAT_ASSET.test(urlOf(e))).map((e) => new URL(urlOf(e), base).href));
  return { precache: entries.filter((e) => !COMPAT_ASSET.test(urlOf(e))), compat };
}
