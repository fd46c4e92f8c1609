/** Where the system Chromium is and how to start it headless with WebGPU on SwiftShader (no GPU needed). */
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

const SWIFTSHADER = ['--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface'];

/** A real web-llm model may live on the internet; only then, and only when asked, may Chromium resolve hosts. */
const remoteModel = [process.env.INPAGE_WEBLLM_MODEL_URL, process.env.INPAGE_WEBLLM_VISION_URL].some((url) =>
  /^https?:\/\/(?!localhost|127\.0\.0\.1)/.test(url ?? ''),
);

/**
 * Playwright 1.65's own `--disable-features` and `--enable-features` lists. Chromium keeps only the last of
 * each switch, so ours carry theirs (test/unit/chromium-args.test.ts fails when Playwright's lists change).
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];
export const PLAYWRIGHT_ENABLED_FEATURES = ['CDPScreenshotNewSurface', 'SkipListAccountsWithoutGaiaCookies'];

/** Chromium 156 loads two WebUI omnibox popups into every new window, about 1.8 s of CPU per test's context, for UI no test sees. */
const BROWSER_UI_OFF = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  `--enable-features=${[...PLAYWRIGHT_ENABLED_FEATURES, 'Vulkan'].join(',')}`,
  // WebGPU on the CPU (SwiftShader) unless INPAGE_WEBGPU=hardware asks for the machine's GPU.
  ...(process.env.INPAGE_WEBGPU === 'hardware' ? [] : SWIFTSHADER),
  // Tests never touch the internet: every host but loopback resolves to nothing, whatever the page asks for.
  ...(remoteModel ? [] : ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2']),
  // And Chromium itself stays quiet (this machine has no internet; trying slows every start).
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_OFF].join(',')}`,
];

/**
 * The end-to-end tests' Chromium: WebAssembly on V8's baseline compiler only. The tests' models are tiny,
 * so optimizing llama.cpp's functions in the background cost more CPU than it saved (a third of a test's
 * CPU, on the core a second test could use). The bench, its smoke run in `npm test` included, keeps
 * Chromium's default tiering, so the optimized code is still run.
 */
export const TEST_CHROMIUM_ARGS = [...CHROMIUM_ARGS, '--js-flags=--liftoff-only'];
