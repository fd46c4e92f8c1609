import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Cross-origin isolation lets llama.cpp use threads (SharedArrayBuffer); require-corp works in every engine that has it.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [preact()],
  server: { headers: isolation },
  preview: { headers: isolation, port: Number(process.env.PORT) || 4173, strictPort: true },
  // A name of its own, so the runtime worker is easy to find in DevTools and in tests.
  worker: { format: 'es', rolldownOptions: { output: { entryFileNames: 'assets/runtime-worker-[hash].js' } } },
  build: { target: 'es2022', sourcemap: true },
});
