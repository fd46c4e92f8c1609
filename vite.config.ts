import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { ORT_EXTERN_WASM } from './scripts/onnx-runtime.ts';
import { thirdPartyLicenses } from './scripts/third-party-licenses.ts';
import { assetFileNames as assetNames, wllamaCompatCheck, workerName } from './scripts/wllama-compat.ts';
import { contentSecurityPolicy, DEFAULT_CONNECT_HOSTS, ISOLATION } from './src/sw/policy.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/** Names this build, so the page, the engine worker and the service worker can tell versions apart. */
function buildId(): string {
  if (process.env.INPAGE_BUILD_ID) return process.env.INPAGE_BUILD_ID;
  try {
    return `${pkg.version}+${execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()}`;
  } catch {
    return pkg.version;
  }
}

const assetFileNames = assetNames(true);

// A deployment that knows its model hosts can narrow (or widen) where the app may connect.
const connectHosts = process.env.INPAGE_CONNECT_SRC?.split(/\s+/).filter(Boolean) ?? DEFAULT_CONNECT_HOSTS;
const headers = { ...ISOLATION, 'Content-Security-Policy': contentSecurityPolicy(connectHosts) };

/** Writes `_headers`, which Netlify and Cloudflare Pages read, so a deploy there sends the same headers as `npm start`. */
const staticHostHeaders: Plugin = {
  name: 'inpage-static-host-headers',
  apply: 'build',
  generateBundle() {
    const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
    this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.join('\n')}\n` });
  },
};

// The WebAssembly files are copied, and the service worker is bundled on its own: their packages are named here.
const [licenses, workerLicenses] = thirdPartyLicenses([
  '@wllama/wllama',
  '@wllama/wllama-compat',
  'pdfjs-dist',
  'onnxruntime-web',
  'workbox-core',
  'workbox-precaching',
  'workbox-routing',
  'workbox-window',
]);

export default defineConfig({
  // Relative, so one build runs from any host and any sub-path; INPAGE_BASE pins an absolute one.
  base: process.env.INPAGE_BASE ?? './',
  define: {
    __INPAGE_BUILD__: JSON.stringify(buildId()),
    __INPAGE_CONNECT_HOSTS__: JSON.stringify(connectHosts),
  },
  plugins: [
    preact(),
    wllamaCompatCheck(),
    licenses,
    staticHostHeaders,
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false, // src/state/updates.ts registers it and asks before an update takes over
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'InPage — a private language model',
        short_name: 'InPage',
        description: 'A small language model that runs inside the page: private chat, no server, works offline.',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: '#0b5fcc',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        // The shell, the worker chunks and every WebAssembly file: all an offline start needs. Source maps stay online.
        // wllama's compat build is listed too, but the service worker stores it only where the browser needs it (src/sw/compat-cache.ts).
        globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png,webmanifest}'],
        // GPT-4o-mini's tokenizer (2 MB) is fetched only when Compare is used, which needs the network anyway.
        globIgnores: ['**/o200k_base-*.js'],
        maximumFileSizeToCacheInBytes: 24 * 1024 * 1024,
        rollupFormat: 'iife',
      },
    }),
  ],
  resolve: { alias: [ORT_EXTERN_WASM] },
  // Dev gets isolation only: Vite's hot reload injects inline styles and scripts a strict policy would block.
  server: { headers: ISOLATION },
  preview: { headers, port: Number(process.env.PORT) || 4173, strictPort: true },
  // Names of their own, so the runtime worker (and the pictures' one) are easy to find in DevTools and in tests.
  worker: {
    format: 'es',
    plugins: () => [workerLicenses],
    rolldownOptions: { output: { entryFileNames: (chunk) => `assets/${workerName(chunk)}-[hash].js`, assetFileNames } },
  },
  build: { target: 'es2022', sourcemap: true, rolldownOptions: { output: { assetFileNames } } },
});
