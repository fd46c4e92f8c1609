/**
 * wllama's compat build (19 MB) in the service worker: listed in the manifest, but stored only where
 * it is needed, so browsers that run the default build never download it. It is stored at install
 * where this browser lacks what the default build needs, when a page asks (it chose compat), and on
 * first use; the files' names carry their hash, so a stored copy never goes stale. ONNX Runtime's
 * files (for ONNX embedding models) are stored the same way, on first use only.
 */
/// <reference lib="webworker" />
import { registerRoute } from 'workbox-routing';
import { chooseWasmBuild, ONNX_CACHE, wasmFeatures } from '../runtime/shared/wasm/wasm-choice.ts';

const CACHE = 'inpage-wasm-compat';

async function store(urls: ReadonlySet<string>, name = CACHE): Promise<void> {
  const cache = await caches.open(name);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    const response = await fetch(url);
    if (response.ok) await cache.put(url, response);
  }
}

/** Drops what an earlier version stored and this one no longer names. */
async function prune(urls: ReadonlySet<string>, name = CACHE): Promise<void> {
  const cache = await caches.open(name);
  for (const request of await cache.keys()) if (!urls.has(request.url)) await cache.delete(request);
}

/** Serves `urls` from cache `name`, storing each on its first fetch, so what was used once works offline. */
function storeOnFirstUse(scope: ServiceWorkerGlobalScope, name: string, urls: ReadonlySet<string>): void {
  scope.addEventListener('activate', (event) => event.waitUntil(prune(urls, name)));
  registerRoute(
    ({ url }) => urls.has(url.href),
    async ({ request }) => {
      const cache = await caches.open(name);
      const hit = await cache.match(request.url);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) await cache.put(request.url, response.clone());
      return response;
    },
  );
}

/** ONNX Runtime (15 MB), stored when a page first indexes with an ONNX embedding model, not at install. */
export function serveOnnx(scope: ServiceWorkerGlobalScope, urls: ReadonlySet<string>): void {
  storeOnFirstUse(scope, ONNX_CACHE, urls);
}

export function serveCompat(scope: ServiceWorkerGlobalScope, urls: ReadonlySet<string>): void {
  scope.addEventListener('install', (event) => {
    if (chooseWasmBuild(wasmFeatures()).build !== 'compat') return;
    // Best effort: the files are stored again on first use, and a failure here must not stop the app from installing.
    event.waitUntil(store(urls).catch((error: unknown) => console.warn('InPage: the compat build was not stored for offline use:', error)));
  });
  scope.addEventListener('message', (event) => {
    if (event.data?.type === 'STORE_WASM_COMPAT') event.waitUntil(store(urls).catch(() => {}));
  });
  storeOnFirstUse(scope, CACHE, urls);
}
