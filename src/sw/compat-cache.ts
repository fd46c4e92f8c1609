/**
 * wllama's compat build (19 MB) in the service worker: listed in the manifest, but stored only where
 * it is needed, so browsers that run the default build never download it. It is stored at install
 * where this browser lacks what the default build needs, when a page asks (it chose compat), and on
 * first use; the files' names carry their hash, so a stored copy never goes stale.
 */
/// <reference lib="webworker" />
import { registerRoute } from 'workbox-routing';
import { chooseWasmBuild, wasmFeatures } from '../runtime/wasm-choice.ts';

const CACHE = 'inpage-wasm-compat';

async function store(urls: ReadonlySet<string>): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    const response = await fetch(url);
    if (response.ok) await cache.put(url, response);
  }
}

/** Drops what an earlier version stored and this one no longer names. */
async function prune(urls: ReadonlySet<string>): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) if (!urls.has(request.url)) await cache.delete(request);
}

export function serveCompat(scope: ServiceWorkerGlobalScope, urls: ReadonlySet<string>): void {
  scope.addEventListener('install', (event) => {
    if (chooseWasmBuild(wasmFeatures()).build !== 'compat') return;
    // Best effort: the files are stored again on first use, and a failure here must not stop the app from installing.
    event.waitUntil(store(urls).catch((error: unknown) => console.warn('InPage: the compat build was not stored for offline use:', error)));
  });
  scope.addEventListener('activate', (event) => event.waitUntil(prune(urls)));
  scope.addEventListener('message', (event) => {
    if (event.data?.type === 'STORE_WASM_COMPAT') event.waitUntil(store(urls).catch(() => {}));
  });
  registerRoute(
    ({ url }) => urls.has(url.href),
    async ({ request }) => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request.url);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) await cache.put(request.url, response.clone());
      return response;
    },
  );
}
