import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { assetFileNames, installedVersions, versionMismatch, wllamaCompatCheck } from '../../scripts/wllama-compat.ts';
import { inEnglish } from '../../src/runtime/shared/errors/said.ts';
import { chooseWasmBuild, type WasmBuildVerdict, wasmChoiceProblem, wasmFeatures } from '../../src/runtime/shared/wasm/wasm-choice.ts';
import { COMPAT_ASSET, splitManifest } from '../../src/sw/compat-assets.ts';

describe('the compat package matches wllama', () => {
  it('package.json pins both to the same exact version, and that is what is installed', () => {
    // Build-time dependencies: the package bundles both, so they are devDependencies.
    const { devDependencies: dependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(dependencies['@wllama/wllama-compat']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dependencies['@wllama/wllama-compat']).toBe(dependencies['@wllama/wllama']);
    const installed = installedVersions();
    expect(installed.compat).toBe(dependencies['@wllama/wllama']);
    expect(installed).toEqual({ wllama: installed.compat, compat: installed.compat });
    expect(versionMismatch(installed)).toBeNull();
  });

  it('a mismatch is refused at build time, saying which versions and how to fix it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'inpage-compat-check-'));
    try {
      writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
      const attempt = build({
        root,
        logLevel: 'silent',
        configFile: false,
        build: { outDir: join(root, 'out'), write: false },
        plugins: [wllamaCompatCheck(() => ({ wllama: '3.13.0', compat: '3.12.1' }))],
      });
      await expect(attempt).rejects.toThrow(
        '@wllama/wllama-compat 3.12.1 does not match @wllama/wllama 3.13.0: the compat build must come from the same release. Run `npm install --save-exact @wllama/wllama-compat@3.13.0`.',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** A verdict as the library's English says it. */
const english = ({ build, why }: WasmBuildVerdict) => ({ build, why: inEnglish(why) });

describe('choosing the build by what the browser has', () => {
  const all = { jspi: true, memory64: true, threads: true };
  it('the default build where JSPI and Memory64 are both there, threads or not', () => {
    expect(english(chooseWasmBuild(all))).toEqual({ build: 'default', why: 'this browser has JSPI and Memory64' });
    expect(chooseWasmBuild({ ...all, threads: false }).build).toBe('default');
  });
  it('the compat build where either is missing, saying which', () => {
    expect(english(chooseWasmBuild({ ...all, jspi: false }))).toEqual({ build: 'compat', why: 'this browser lacks JSPI' });
    expect(english(chooseWasmBuild({ ...all, memory64: false }))).toEqual({ build: 'compat', why: 'this browser lacks Memory64' });
    expect(english(chooseWasmBuild({ jspi: false, memory64: false, threads: false }))).toEqual({
      build: 'compat',
      why: 'this browser lacks JSPI and Memory64',
    });
  });
  it('a named build wins over the features', () => {
    expect(english(chooseWasmBuild(all, 'compat'))).toEqual({ build: 'compat', why: 'asked for' });
    expect(chooseWasmBuild({ ...all, jspi: false }, 'default').build).toBe('default');
  });
  it('detection reads the features themselves, not the user agent', () => {
    const memory = (ok: boolean) =>
      function Memory(descriptor: { address?: string }) {
        if (descriptor.address === 'i64' && !ok) throw new TypeError('no memory64');
      };
    const scope = (suspending: boolean, memory64: boolean, isolated: boolean) => ({
      WebAssembly: { Memory: memory(memory64), ...(suspending ? { Suspending: () => {} } : {}) },
      crossOriginIsolated: isolated,
      SharedArrayBuffer,
    });
    expect(wasmFeatures(scope(true, true, true))).toEqual({ jspi: true, memory64: true, threads: true });
    expect(wasmFeatures(scope(false, true, false))).toEqual({ jspi: false, memory64: true, threads: false });
    expect(wasmFeatures(scope(true, false, true))).toEqual({ jspi: true, memory64: false, threads: true });
  });
  it('a value that names no build is said, with the ones that exist', () => {
    expect(wasmChoiceProblem(undefined, '?wasm=')).toBeNull();
    expect(wasmChoiceProblem('compat', '?wasm=')).toBeNull();
    expect(wasmChoiceProblem('fast', '?wasm=')).toBe('?wasm= is "fast", which is not a llama.cpp build: use auto, default, compat.');
  });
});

describe('the compat files in the build and the service worker', () => {
  const compat = ['node_modules/@wllama/wllama-compat/wasm/wllama.wasm'];
  const plain = ['node_modules/@wllama/wllama/esm/wasm/wllama.wasm'];
  it('get names of their own, hashed in the app and plain in the library', () => {
    expect(assetFileNames(true)({ originalFileNames: compat })).toBe('assets/wllama-compat-[hash][extname]');
    expect(assetFileNames(true)({ originalFileNames: plain })).toBe('assets/[name]-[hash][extname]');
    expect(assetFileNames(false)({ originalFileNames: compat })).toBe('wllama-compat[extname]');
    expect(assetFileNames(false)({ originalFileNames: plain })).toBe('[name][extname]');
  });
  it('are kept out of the precache, by address, and nothing else is', () => {
    const manifest = [
      { url: 'index.html', revision: 'a' },
      { url: 'assets/wllama-CO25czjY.wasm', revision: null },
      { url: 'assets/wllama-compat-DoW_278M.wasm', revision: null },
      'assets/wllama-compat-DhkXtpK2.js',
    ];
    const { precache, compat: urls } = splitManifest(manifest, 'https://inpage.example/app/sw.js');
    expect(precache).toEqual(manifest.slice(0, 2));
    expect([...urls]).toEqual([
      'https://inpage.example/app/assets/wllama-compat-DoW_278M.wasm',
      'https://inpage.example/app/assets/wllama-compat-DhkXtpK2.js',
    ]);
    expect(COMPAT_ASSET.test('assets/wllama-CO25czjY.wasm')).toBe(false);
  });

  it("ONNX Runtime's loader and WebAssembly are stored on first use, its JavaScript entry with the shell", () => {
    const manifest = [
      'assets/runtime-worker-jQWITMAq.js',
      'assets/ort.wasm.min-DJ6Vx7i-.js',
      { url: 'assets/ort-wasm-simd-threaded-qh98TCA_.wasm', revision: null },
      'assets/ort-wasm-simd-threaded-DN_1uOdW.mjs',
    ];
    const { precache, compat, onnx } = splitManifest(manifest, 'https://inpage.example/app/sw.js');
    expect(precache).toEqual(manifest.slice(0, 2));
    expect(compat.size).toBe(0);
    expect([...onnx]).toEqual([
      'https://inpage.example/app/assets/ort-wasm-simd-threaded-qh98TCA_.wasm',
      'https://inpage.example/app/assets/ort-wasm-simd-threaded-DN_1uOdW.mjs',
    ]);
  });
});
