import type { PrecacheEntry } from 'workbox-precaching';

/** How the build names wllama's compat files (scripts/wllama-compat.ts), so the service worker can find them in its manifest. */
export const COMPAT_ASSET_PREFIX = 'wllama-compat-';
export const COMPAT_ASSET = new RegExp(`(^|/)${COMPAT_ASSET_PREFIX}[\\w-]+\\.(js|wasm)$`);
/** ONNX Runtime's loader and WebAssembly (15 MB), needed only to index documents with an ONNX embedding model. */
export const ONNX_ASSET = /(^|\/)ort-wasm-simd-threaded-[\w-]+\.(mjs|wasm)$/;

type Entry = string | PrecacheEntry;
const urlOf = (entry: Entry) => (typeof entry === 'string' ? entry : entry.url);

/** The manifest without the files stored only on first use (wllama's compat build, ONNX Runtime), and those files' addresses. */
export function splitManifest(entries: readonly Entry[], base: string): { precache: Entry[]; compat: Set<string>; onnx: Set<string> } {
  const addresses = (pattern: RegExp) => new Set(entries.filter((e) => pattern.test(urlOf(e))).map((e) => new URL(urlOf(e), base).href));
  return {
    precache: entries.filter((e) => !COMPAT_ASSET.test(urlOf(e)) && !ONNX_ASSET.test(urlOf(e))),
    compat: addresses(COMPAT_ASSET),
    onnx: addresses(ONNX_ASSET),
  };
}
