/**
 * The library build: `createRuntime()` (dist-lib/inpage.js), the `<inpage-chat>` widget
 * (dist-lib/widget.js) and the AI SDK provider (dist-lib/ai-sdk.js), ES modules whose engine worker and WebAssembly sit beside them and are found
 * through import.meta.url, on a static page and inside another bundler's build alike.
 */
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { ORT_EXTERN_WASM } from './scripts/onnx-runtime.ts';
import { thirdPartyLicenses } from './scripts/third-party-licenses.ts';
import { assetFileNames as assetNames, wllamaCompatCheck, workerName } from './scripts/wllama-compat.ts';
import { DEFAULT_CONNECT_HOSTS } from './src/sw/policy.ts';

const assetFileNames = assetNames(false);
const NO_WASM_URL = fileURLToPath(new URL('./src/runtime/shared/wasm/wasm-url.none.ts', import.meta.url));

/** The worker gets the WebAssembly's address from the page, so it needs no copy of its own. */
const noWasmUrl: Plugin = {
  name: 'inpage-worker-wasm-url',
  enforce: 'pre',
  resolveId: (source) => (/(^|\/)wasm-url\.ts$/.test(source) ? NO_WASM_URL : null),
};
// The WebAssembly files are copied, not bundled as modules: their packages are named here.
const [licenses, workerLicenses] = thirdPartyLicenses(['@wllama/wllama', '@wllama/wllama-compat', 'pdfjs-dist', 'onnxruntime-web']);

export default defineConfig({
  // Relative: the worker and WebAssembly are found next to the module, wherever it is served from.
  base: './',
  plugins: [preact(), wllamaCompatCheck(), licenses],
  resolve: {
    // The worker gets the WebAssembly's address from the page, so it needs no copy of its own.
    alias: [
      {
        find: /^(\.\.\/)+wasm-url\.ts$/,
        replacement: fileURLToPath(new URL('./src/runtime/shared/wasm/wasm-url.none.ts', import.meta.url)),
      },
      ORT_EXTERN_WASM,
    ],
  },
  define: {
    __INPAGE_BUILD__: JSON.stringify(process.env.INPAGE_BUILD_ID ?? 'lib'),
    __INPAGE_CONNECT_HOSTS__: JSON.stringify(DEFAULT_CONNECT_HOSTS),
  },
  // One self-contained worker file (web-llm included, not a lazy chunk): a consumer's bundler may copy it as it is.
  worker: {
    format: 'es',
    plugins: () => [workerLicenses, noWasmUrl],
    rolldownOptions: {
      output: { entryFileNames: (chunk) => `${workerName(chunk)}-[hash].js`, inlineDynamicImports: true, assetFileNames },
    },
  },
  build: {
    outDir: 'dist-lib',
    copyPublicDir: false,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // A 10 MB WebAssembly file must stay a file: never inlined as base64.
    assetsInlineLimit: 0,
    lib: { entry: { inpage: 'src/lib/index.ts', widget: 'src/widget/index.tsx', 'ai-sdk': 'src/ai-sdk/index.ts' }, formats: ['es'] },
    // The AI SDK is the consumer's own (optional peer dependencies): one copy of it, theirs.
    rolldownOptions: { output: { assetFileNames }, external: [/^ai$/, /^@ai-sdk\//] },
  },
});
