import { cpus } from 'node:os';
import { defineConfig } from '@playwright/test';
import { chromiumPath, TEST_CHROMIUM_ARGS } from './test/e2e/chromium.ts';

const PORT = 4174;
const executablePath = chromiumPath();
if (!executablePath) throw new Error('No Chromium found: run `npm test` (it installs one), or set CHROME_PATH.');

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  // One browser per core: with WebAssembly on the baseline compiler, a test keeps about one core busy.
  workers: Math.max(1, Math.min(4, cpus().length)),
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath, args: TEST_CHROMIUM_ARGS },
    // Recording a trace costs every test about a fifth of its time on this 2-core machine: TRACE=1 turns it on for failures.
    trace: process.env.TRACE ? 'retain-on-failure' : 'off',
    // The service worker has its own specs (pwa.spec.ts, wasm-compat.spec.ts); elsewhere it would install an 18 MB precache per test.
    serviceWorkers: 'block',
  },
  // The built app, served as `npm start` serves it (npm test builds first).
  webServer: { command: `npx vite preview --port ${PORT} --strictPort`, url: `http://localhost:${PORT}`, reuseExistingServer: false },
});
