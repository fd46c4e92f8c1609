/**
 * The licences of the packages a build bundles, as one file beside its output (THIRD_PARTY_LICENSES.md):
 * the package ships their code (web-llm, llama.cpp through wllama, pdf.js…), so it ships their notices.
 * One collector serves the page build and its workers' builds; the page build writes the file last.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The package a bundled module comes from, by its path under node_modules ("@scope/name" or "name"). */
export function packageOf(id: string): string | null {
  const at = id.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const [first, second] = id.slice(at + '/node_modules/'.length).split('/');
  if (!first) return null;
  return first.startsWith('@') && second ? `${first}/${second}` : first;
}

/** Code a package compiles in without its notice: llama.cpp and ggml, inside wllama's WebAssembly (MIT, as LICENSE's text). */
const COMPILED_IN: Record<string, string> = {
  '@wllama/wllama': `llama.cpp and ggml (https://github.com/ggml-org/llama.cpp), compiled into wllama's WebAssembly:\n\n${readFileSync(
    'LICENSE',
    'utf8',
  )
    .replace(/^Copyright .*$/m, 'Copyright (c) 2023-2024 The ggml authors')
    .trim()}`,
  // The npm package ships no licence file; ONNX Runtime is MIT, as its repository's LICENSE says.
  'onnxruntime-web': `ONNX Runtime (https://github.com/microsoft/onnxruntime), compiled into onnxruntime-web's WebAssembly:\n\n${readFileSync(
    'LICENSE',
    'utf8',
  )
    .replace(/^Copyright .*$/m, 'Copyright (c) Microsoft Corporation')
    .trim()}\n\nIts third-party notices: https://github.com/microsoft/onnxruntime/blob/main/ThirdPartyNotices.txt`,
};

function notice(name: string): string {
  const dir = join('node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string; homepage?: string };
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const text = file
    ? readFileSync(join(dir, file), 'utf8').trim()
    : `Licensed under ${pkg.license ?? 'its own terms'}; the package ships no licence file.`;
  const extra = COMPILED_IN[name] ? `\n\n\`\`\`\n${COMPILED_IN[name]}\n\`\`\`` : '';
  return `## ${name} ${pkg.version} (${pkg.license ?? 'unknown'})\n\n${pkg.homepage ? `${pkg.homepage}\n\n` : ''}\`\`\`\n${text}\n\`\`\`${extra}`;
}

/** `[page, worker]`: the first goes in `plugins`, the second in `worker.plugins`. */
export function thirdPartyLicenses(always: readonly string[] = []): [Plugin, Plugin] {
  const bundled = new Set<string>(always);
  const collect = (bundle: Record<string, { type: string; moduleIds?: string[] }>) => {
    for (const output of Object.values(bundle))
      for (const id of output.type === 'chunk' ? (output.moduleIds ?? []) : []) {
        const name = packageOf(id);
        if (name && existsSync(join('node_modules', name, 'package.json'))) bundled.add(name);
      }
  };
  const worker: Plugin = {
    name: 'inpage-third-party-licenses-worker',
    generateBundle(_, bundle) {
      collect(bundle as never);
    },
  };
  const page: Plugin = {
    name: 'inpage-third-party-licenses',
    apply: 'build',
    generateBundle(_, bundle) {
      collect(bundle as never);
      const names = [...bundled].sort();
      this.emitFile({
        type: 'asset',
        fileName: 'THIRD_PARTY_LICENSES.md',
        source: `# Third-party licences\n\nThis build contains code from these packages, under their licences.\n\n${names.map(notice).join('\n\n')}\n`,
      });
    },
  };
  return [page, worker];
}
