/** Which backend and how many threads llama.cpp really uses, and that the status line tells the truth about it. */
import { startStaticServer } from '../fixtures/static-server.ts';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

test('the status line names the backend and why; where WebGPU can start, CPU and WebGPU spell the same text', async ({ app }) => {
  await app.open();
  await app.ready();
  const gpu = await app.page.evaluate(async () => {
    const adapter = await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter();
    return adapter ? { f16: adapter.features.has('shader-f16'), fallback: adapter.info.isFallbackAdapter } : null;
  });
  test.info().annotations.push({ type: 'webgpu adapter', description: JSON.stringify(gpu) });
  await expect(app.status).toContainText('llama.cpp');

  if (gpu?.f16) {
    await expect(app.status).toHaveAttribute('data-backend', 'webgpu');
    await expect(app.status).toContainText('WebGPU');
    await app.send('hi');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
    await app.open('/tiny.gguf', '&device=cpu');
    await expect(app.status).toHaveAttribute('data-backend', 'cpu');
    await app.send('hi');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  } else {
    // SwiftShader (and GPUs without shader-f16): ggml-webgpu registers no device, so llama.cpp runs on the CPU.
    await expect(app.status).toHaveAttribute('data-backend', 'cpu');
    await expect(app.status).toContainText(/CPU, \d+ threads?/);
    await expect(app.status).toContainText(gpu ? "lacks shader-f16, which llama.cpp's WebGPU backend needs" : 'no WebGPU');
  }
});

test('a model mostly in Q4_0, which llama.cpp in WebAssembly runs slowly, is said to be, with what to pick; it still answers', async ({
  app,
}) => {
  await app.open('/tiny-q4_0.gguf');
  await app.ready();
  await expect(app.status).toContainText(
    "tiny-q4_0.gguf is mostly Q4_0, which llama.cpp in this browser runs at about a third of Q4_K's speed: for the CPU, pick the model's Q4_K_M file.",
  );
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  // The same model in Q8_0 gets no such note.
  await app.open('/tiny.gguf');
  await app.ready();
  await expect(app.status).not.toContainText('mostly');
});

test('?device=cpu keeps llama.cpp on the CPU and says so', async ({ app }) => {
  await app.open('/tiny.gguf', '&device=cpu');
  await app.ready();
  await expect(app.status).toHaveAttribute('data-backend', 'cpu');
  await expect(app.status).toContainText('the CPU was asked for');
});

test('cross-origin isolated, llama.cpp runs on the threads it is given and spells the same text', async ({ app }) => {
  await app.open('/tiny.gguf', '&threads=2');
  await app.ready();
  expect(await app.page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(app.status).toContainText('CPU, 2 threads');
  await expect(app.status).not.toContainText('not cross-origin isolated');
  await app.send('hi');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
});

test('without cross-origin isolation, llama.cpp runs single-threaded even when asked for more', async ({ app }) => {
  const site = await startStaticServer('dist', { isolated: false });
  try {
    await app.page.goto(`${site.origin}/?model=${encodeURIComponent(app.models.url('/tiny.gguf'))}&threads=2`);
    await app.ready();
    expect(await app.page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(app.status).toContainText('CPU, 1 thread');
    // Said, with what would give it the threads asked for.
    await expect(app.status).toContainText('llama.cpp runs on one thread here: this page is not cross-origin isolated.');
    await app.send('hi');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  } finally {
    await site.close();
  }
});
