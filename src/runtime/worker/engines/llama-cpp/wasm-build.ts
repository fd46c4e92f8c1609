/**
 * wllama, running the llama.cpp build chosen in ../wasm-choice.ts from this origin's files. Left to
 * itself, wllama fetches its compat build from a public CDN, which the privacy promise, the
 * Content-Security-Policy and offline use all rule out.
 */

import { Wllama, type WllamaConfig } from '@wllama/wllama';
import { ModelLoadError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import {
  chooseWasmBuild,
  type WasmBuild,
  type WasmBuildChoice,
  type WasmBuildVerdict,
  type WasmFiles,
  wasmFeatures,
} from '../../../shared/wasm/wasm-choice.ts';

/** wllama, made to load exactly the chosen build from our files, whatever its own detection would pick. */
class ChosenBuildWllama extends Wllama {
  private readonly files: WasmFiles;
  private readonly build: WasmBuild;

  constructor(files: WasmFiles, build: WasmBuild, config: WllamaConfig) {
    super({ default: files.default }, config);
    this.files = files;
    this.build = build;
    // Never the CDN: replaces the address wllama's constructor set, and 'firefox_safari' keeps user-agent sniffing out of it.
    this.setCompat(files.compat, 'firefox_safari');
  }

  override getWorkerResources(): ReturnType<Wllama['getWorkerResources']> {
    const resources = super.getWorkerResources();
    if (this.build === 'default') return { ...resources, wasmPath: absolute(this.files.default), jsPath: undefined, compat: false };
    return { ...resources, wasmPath: absolute(this.files.compat.wasm), jsPath: absolute(this.files.compat.worker), compat: true };
  }
}

// wllama's worker is a blob: its files need addresses that do not depend on where it runs.
const absolute = (url: string) => new URL(url, self.location.href).href;

/** wllama on the build this browser calls for (or `choice` names), and which one that is and why. */
export function createWllama(files: WasmFiles, choice: WasmBuildChoice, config: WllamaConfig): { wllama: Wllama; wasm: WasmBuildVerdict } {
  const wasm = chooseWasmBuild(wasmFeatures(), choice);
  const needed = wasm.build === 'compat' ? [files.compat.worker, files.compat.wasm] : [files.default];
  if (needed.some((url) => !url)) {
    throw new ModelLoadError(say('wasmBuildMissing', { build: wasm.build }));
  }
  return { wllama: new ChosenBuildWllama(files, wasm.build, config), wasm };
}
