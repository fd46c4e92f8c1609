/**
 * The service worker: the app shell, the engine worker and every WebAssembly file from a versioned
 * precache, so InPage opens and runs offline (model weights stay in IndexedDB). It adds the security
 * headers static hosts cannot set: cross-origin isolation (COEP credentialless, so model downloads
 * from other origins still work) and the Content-Security-Policy with the hosts the user added.
 */
/// <reference lib="webworker" />
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { allowedHosts } from '../runtime/shared/store/allowed-hosts.ts';
import { splitManifest } from './compat-assets.ts';
import { serveCompat, serveOnnx } from './compat-cache.ts';
import { contentSecurityPolicy } from './policy.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

async function withHeaders(response: Response): Promise<Response> {
  if (response.type === 'opaque' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  // Keep a host's own COEP (require-corp works in more browsers); add credentialless where there is none.
  if (!headers.has('Cross-Origin-Embedder-Policy')) headers.set('Cross-Origin-Embedder-Policy', 'credentialless');
  headers.set('Content-Security-Policy', contentSecurityPolicy([...__INPAGE_CONNECT_HOSTS__, ...(await allowedHosts())]));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

addPlugins([{ handlerWillRespond: ({ response }) => withHeaders(response) }]);
cleanupOutdatedCaches();
const { precache, compat, onnx } = splitManifest(self.__WB_MANIFEST, self.location.href);
precacheAndRoute(precache);
serveCompat(self, compat);
serveOnnx(self, onnx);
// Any page address (?model=… links included) opens the precached app.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// A new version waits until the user accepts it ("Update available"), then takes every tab at once.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
