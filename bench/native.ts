/**
 * Native llama.cpp through node-llama-cpp's prebuilt CPU binary, for the browser-vs-native ratio. It is
 * installed on first use into bench/.native (its CUDA and Vulkan builds, hundreds of MB, are left out),
 * so `npm install` stays small.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const VERSION = '3.22.1';
const PREFIX = resolve('bench/.native');

function ensureInstalled(): string {
  const entry = join(PREFIX, 'node_modules', 'node-llama-cpp', 'package.json');
  if (!existsSync(entry)) {
    console.log(`Installing node-llama-cpp ${VERSION} (CPU build only) into bench/.native…`);
    const platform = `@node-llama-cpp/${process.platform === 'darwin' ? 'mac' : process.platform}-${process.arch}`;
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        PREFIX,
        '--omit=optional',
        '--no-audit',
        '--no-fund',
        '--no-save',
        `node-llama-cpp@${VERSION}`,
        `${platform}@${VERSION}`,
      ],
      { stdio: 'inherit' },
    );
  }
  return createRequire(join(PREFIX, 'package.json')).resolve('node-llama-cpp');
}

/** The little of node-llama-cpp's API used here (it is not a dependency of the project, so its types are not either). */
interface NodeLlamaCpp {
  getLlama(options: { gpu: false; build: 'never' }): Promise<{
    loadModel(options: { modelPath: string }): Promise<{
      tokenize(text: string, specialTokens: boolean): number[];
      createContext(options: { contextSize: number; threads: number }): Promise<{
        getSequence(): { evaluate(tokens: number[], options: { temperature: number }): AsyncIterable<number>; dispose(): void };
        dispose(): Promise<void>;
      }>;
      dispose(): Promise<void>;
    }>;
    dispose(): Promise<void>;
  }>;
}

export interface NativeFigures {
  prefill: number;
  decode: number;
  version: string;
}

/** Prefill and decode tokens/s of native llama.cpp on the Phi-3 chat prompt for `prompt`, greedy, medians of `runs`. */
export async function nativeRun(
  modelPath: string,
  { threads, prompt, maxTokens, runs }: { threads: number; prompt: string; maxTokens: number; runs: number },
): Promise<NativeFigures> {
  const entry = ensureInstalled();
  const { getLlama } = (await import(pathToFileURL(entry).href)) as NodeLlamaCpp;
  const llama = await getLlama({ gpu: false, build: 'never' });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 2048, threads });
  const prefill: number[] = [];
  const decode: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const sequence = context.getSequence();
    const tokens = model.tokenize(`<|user|>\n${prompt}<|end|>\n<|assistant|>\n`, true);
    const started = performance.now();
    let first = 0;
    let count = 0;
    for await (const _ of sequence.evaluate(tokens, { temperature: 0 })) {
      if (count === 0) first = performance.now();
      if (++count >= maxTokens) break;
    }
    const last = performance.now();
    sequence.dispose();
    if (run > 0 || runs === 1) {
      prefill.push(tokens.length / ((first - started) / 1000));
      decode.push((count - 1) / ((last - first) / 1000));
    }
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const version = JSON.parse(readFileSync(join(PREFIX, 'node_modules', 'node-llama-cpp', 'package.json'), 'utf8')).version as string;
  return { prefill: med(prefill), decode: med(decode), version };
}
