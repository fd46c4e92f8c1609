/**
 * The service worker from the page's side: registers it, offers a new version instead of forcing it
 * ("Update available"), and moves every tab to the new version together once the user accepts.
 */
import { signal } from '@preact/signals';
import { onUpgradeElsewhere } from '../runtime/shared/store/idb.ts';
import { chooseWasmBuild, wasmFeatures } from '../runtime/shared/wasm/wasm-choice.ts';
import { generating } from './chat.ts';
import { loadedModel, status, wasmChoice } from './runtime.ts';

/** A new version is installed and waiting for the user's yes. */
export const updateReady = signal(false);
/** Another tab upgraded InPage's storage: this tab should reload before it writes again. */
export const storageUpgraded = signal(false);
onUpgradeElsewhere(() => {
  storageUpgraded.value = true;
});
let waiting: ServiceWorker | null = null;

/** Reloading now loses nothing: no reply streaming, no model loading, nothing typed. */
function idle(): boolean {
  const draft = (document.getElementById('composer-input') as HTMLTextAreaElement | null)?.value ?? '';
  return !generating.value && status.value.kind !== 'loading' && draft === '';
}

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const hadController = navigator.serviceWorker.controller !== null;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // An accepted update (from this tab or another): every tab moves to it. A first install reloads
    // only to become cross-origin isolated (more threads for llama.cpp), and only when that loses nothing.
    const forIsolation = !hadController && !crossOriginIsolated && !loadedModel.value && idle();
    if (reloading || !(hadController || forIsolation)) return;
    reloading = true;
    location.reload();
  });
  try {
    const registration = await navigator.serviceWorker.register('./sw.js', { scope: './' });
    const offer = (worker: ServiceWorker | null) => {
      if (!worker || !navigator.serviceWorker.controller) return; // a first install is not an update
      waiting = worker;
      updateReady.value = true;
    };
    offer(registration.waiting);
    // Where this page runs llama.cpp's compat build, the service worker keeps it for offline use (it stores it nowhere else unasked).
    if (chooseWasmBuild(wasmFeatures(), wasmChoice).build === 'compat') {
      void navigator.serviceWorker.ready.then((ready) => ready.active?.postMessage({ type: 'STORE_WASM_COMPAT' }));
    }
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed') offer(installing);
      });
    });
    // Long-open tabs look for a new version now and then, as a reload would.
    setInterval(() => void registration.update().catch(() => {}), 60 * 60 * 1000);
  } catch (error) {
    console.warn('The service worker could not be registered; InPage works, but not offline:', error);
  }
}

/** The user accepted the update: the waiting version takes over and every tab reloads into it. */
export function applyUpdate(): void {
  if (waiting) waiting.postMessage({ type: 'SKIP_WAITING' });
  else location.reload();
}
