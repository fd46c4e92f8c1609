/**
 * npm run check:gpu — the GPU path, measured on a machine with a real GPU and Chromium but no network
 * (needs only `npm run build` first; about 2 minutes). Prints the WebGPU adapter, then, on the bench
 * model in Q8_0 and Q4_K, llama.cpp on WebGPU against llama.cpp on the CPU: whether greedy decoding
 * writes the same text (and the text it must), and prefill and decode tokens/s of each. With
 * INPAGE_WEBLLM_MODEL_URL and INPAGE_WEBLLM_MODEL_LIB set, it then runs web-llm's conformance cases.
 * Exits non-zero when WebGPU did not run, or the texts differ.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The machine's GPU, not SwiftShader: read by test/e2e/chromium.ts when it is imported.
process.env.INPAGE_WEBGPU = 'hardware';
const { chromium } = await import('playwright-core');
const { CHROMIUM_ARGS, chromiumPath } = await import('../test/e2e/chromium.ts');
const { GgmlType } = await import('../test/fixtures/gguf-writer.ts');
const { SPELLED_TEXT, writeSpellingModel } = await import('../test/fixtures/tiny-model.ts');
const { startStaticServer } = await import('../test/fixtures/static-server.ts');

const PROMPT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 '.repeat(4);
const TOKENS = 128;
/** The bench model's shape (768 wide, 8 layers): big enough that the GPU has work, small enough to write in seconds. */
const SHAPE = { layers: 8, embd: 768, ff: 2048, heads: 12 };
const TYPES = ['Q8_0', 'Q4_K'] as const;

if (!existsSync('dist-lib/inpage.js')) {
  console.error('dist-lib/ is missing: run `npm run build` first.');
  process.exit(2);
}
const executablePath = chromiumPath();
if (!executablePath) {
  console.error('No Chromium found (CHROME_PATH, /usr/bin/chromium, …). Install one, or set CHROME_PATH.');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'inpage-gpu-'));
for (const type of TYPES) writeSpellingModel(join(dir, `bench-${type}.gguf`), { ...SHAPE, type: GgmlType[type] }, undefined, true);
const models = await startStaticServer(dir, { isolated: false, cors: true });
const site = await startStaticServer('dist-lib', {
  isolated: true,
  base: '/lib/',
  extra: { '/page.html': { type: 'text/html', body: '<!doctype html><title>check:gpu</title>' } },
});

interface Run {
  backend: string;
  note: string;
  text: string;
  prefill: number | null;
  decode: number | null;
  error?: string;
}

let failed = false;
const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, '--ignore-gpu-blocklist'] });
try {
  const context = await browser.newContext();
  // tsx names functions with a __name helper that the page lacks; code passed to evaluate() needs it.
  await context.addInitScript('window.__name = (f) => f');
  const page = await context.newPage();
  await page.goto(`${site.url}page.html`);
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    const found = (await gpu?.requestAdapter()) as { info?: Record<string, string>; features: Set<string> } | null | undefined;
    if (!found) return null;
    // GPUAdapterInfo's fields are getters: read each.
    const { vendor, architecture, device, description } = found.info ?? {};
    return { vendor, architecture, device, description, shaderF16: found.features.has('shader-f16') };
  });
  console.log(`WebGPU adapter: ${adapter ? JSON.stringify(adapter) : 'none'}`);
  if (!adapter) failed = true;

  const run = (url: string, device: 'auto' | 'cpu') =>
    page.evaluate(
      async ([model, dev, prompt, tokens]) => {
        const lib = await import(`${location.origin}/lib/inpage.js`);
        const runtime = lib.createRuntime({ model, device: dev });
        try {
          const loaded = await runtime.load();
          const ask = (max: number) =>
            runtime.chat.completions.create({
              messages: [{ role: 'user', content: prompt }],
              temperature: 0,
              max_tokens: max,
              cache_prompt: false,
            });
          await ask(8); // warm-up: shaders compiled, buffers made
          const reply = await ask(tokens as number);
          return {
            backend: loaded.backend,
            note: loaded.backendNote,
            text: reply.choices[0].message.content ?? '',
            prefill: reply.timings?.prefill_tokens_per_second ?? null,
            decode: reply.timings?.decode_tokens_per_second ?? null,
          };
        } catch (e) {
          return {
            backend: 'none',
            note: '',
            text: '',
            prefill: null,
            decode: null,
            error: `${(e as Error).name}: ${(e as Error).message}`,
          };
        } finally {
          await runtime.dispose();
        }
      },
      [url, device, PROMPT, TOKENS] as const,
    ) as Promise<Run>;

  const rows: string[] = [];
  for (const type of TYPES) {
    const url = `${models.origin}/bench-${type}.gguf`;
    const gpu = await run(url, 'auto');
    const cpu = await run(url, 'cpu');
    // The model spells its script over and over; a file read wrong, or a kernel computing wrong, says something else.
    const expected = SPELLED_TEXT.repeat(TOKENS);
    const right = (r: Run) => r.text.length > 0 && expected.startsWith(r.text);
    const same = gpu.text.length > 0 && gpu.text === cpu.text;
    if (gpu.backend !== 'webgpu' || !same || !right(gpu) || !right(cpu)) failed = true;
    for (const [name, r] of [
      ['WebGPU', gpu],
      ['CPU', cpu],
    ] as const)
      rows.push(
        `| ${type} | ${name} | ${r.backend} | ${r.prefill?.toFixed(1) ?? '–'} | ${r.decode?.toFixed(1) ?? '–'} | ${r.error ?? (right(r) ? 'exact' : `wrong: ${JSON.stringify(r.text.slice(0, 30))}`)} |`,
      );
    rows.push(
      `| ${type} | same text on both | ${same ? 'yes' : 'NO'} | | | ${gpu.backend === 'webgpu' ? '' : `WebGPU did not run: ${gpu.note || gpu.error}`} |`,
    );
  }
  console.log(`\nllama.cpp on the bench model (${SHAPE.layers} layers, ${SHAPE.embd} wide), ${TOKENS} tokens, greedy:\n`);
  console.log('| Type | Asked for | Ran on | Prefill tok/s | Decode tok/s | Text |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
} finally {
  await browser.close();
  await models.close();
  await site.close();
  rmSync(dir, { recursive: true, force: true });
}

if (process.env.INPAGE_WEBLLM_MODEL_URL && process.env.INPAGE_WEBLLM_MODEL_LIB) {
  console.log('\nweb-llm conformance (INPAGE_WEBLLM_MODEL_URL, INPAGE_WEBLLM_MODEL_LIB):');
  try {
    execFileSync('npx', ['playwright', 'test', 'test/e2e/conformance.spec.ts', '--reporter=list'], { stdio: 'inherit', env: process.env });
  } catch {
    failed = true;
  }
} else {
  console.log(
    '\nweb-llm conformance: skipped (set INPAGE_WEBLLM_MODEL_URL and INPAGE_WEBLLM_MODEL_LIB to a model and its v0_2_86 library).',
  );
}
process.exit(failed ? 1 : 0);
