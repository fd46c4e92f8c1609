/**
 * Build-time rules for wllama's compat build: its package must be the release of @wllama/wllama
 * (a compat worker from another release breaks at run time, far from the cause), and its files get
 * names of their own, so the service worker can tell them from the default build's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { COMPAT_ASSET_PREFIX } from '../src/sw/compat-assets.ts';

export const COMPAT_PACKAGE = '@wllama/wllama-compat';
export const DEFAULT_PACKAGE = '@wllama/wllama';

export interface WllamaVersions {
  wllama: string;
  compat: string;
}

/** The versions installed (node_modules), read from each package's own package.json. */
export function installedVersions(root = process.cwd()): WllamaVersions {
  const require = createRequire(`${root}/`);
  const version = (name: string) => {
    // wllama's exports map hides package.json: walk up from the entry point to the package's own.
    for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      const pkg = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string }) : null;
      if (pkg?.name === name) return pkg.version;
    }
    throw new Error(`${name} is not installed: run \`npm install\`.`);
  };
  return { wllama: version(DEFAULT_PACKAGE), compat: version(COMPAT_PACKAGE) };
}

/** Null when the two match; otherwise what is wrong and how to fix it. */
export function versionMismatch({ wllama, compat }: WllamaVersions): string | null {
  if (wllama === compat) return null;
  return `${COMPAT_PACKAGE} ${compat} does not match ${DEFAULT_PACKAGE} ${wllama}: the compat build must come from the same release. Run \`npm install --save-exact ${COMPAT_PACKAGE}@${wllama}\`.`;
}

/** Refuses to build with mismatched packages, before anything is bundled. */
export function wllamaCompatCheck(versions: () => WllamaVersions = installedVersions): Plugin {
  return {
    name: 'inpage-wllama-compat-version',
    buildStart() {
      const problem = versionMismatch(versions());
      if (problem) this.error(problem);
    },
  };
}

/** Output names for assets, so the compat build's two files are told apart: hashed (the app) or plain (the library, as before). */
export function assetFileNames(hashed: boolean) {
  return (asset: { originalFileNames?: readonly string[] }): string => {
    const compat = asset.originalFileNames?.some((name) => name.includes(`${COMPAT_PACKAGE}/`));
    if (!hashed) return compat ? `${COMPAT_ASSET_PREFIX.slice(0, -1)}[extname]` : '[name][extname]';
    return compat ? `assets/${COMPAT_ASSET_PREFIX}[hash][extname]` : 'assets/[name]-[hash][extname]';
  };
}

/** A worker's file name: the pictures' and ONNX Runtime's workers by their own names, every other one as the runtime worker. */
export function workerName(chunk: { facadeModuleId?: string | null }): string {
  if (chunk.facadeModuleId?.includes('picture-worker')) return 'picture-worker';
  return chunk.facadeModuleId?.includes('onnx-worker') ? 'onnx-worker' : 'runtime-worker';
}
