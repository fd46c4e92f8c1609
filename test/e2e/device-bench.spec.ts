/** "Benchmark this device" in the app: each engine on offer runs the same prompt; figures appear, copy as JSON, and the fastest can be chosen. */
import { expect, test } from './fixtures.ts';

test('benchmarks the chosen model on the engines this device offers, copies the figures, and uses the fastest', async ({
  app,
  context,
}) => {
  const { page } = app;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open();
  await app.ready();
  await app.openPanel('Models');
  const bench = page.getByRole('dialog', { name: 'Models' }).locator('.device-bench');
  // SwiftShader has no shader-f16, and the model is a GGUF file: only llama.cpp on the CPU is on offer here.
  await expect(bench).toContainText('on each engine this device offers (llama.cpp · CPU)');
  await bench.getByRole('spinbutton', { name: /Memory bandwidth/ }).fill('50');
  await bench.getByRole('button', { name: 'Run the benchmark' }).click();
  const row = bench.getByRole('row', { name: /llama\.cpp · CPU/ });
  await expect(row).toBeVisible({ timeout: 60_000 });
  const cells = (await row.getByRole('cell').allTextContents()).map((c) => c.trim());
  expect(cells).toHaveLength(5);
  expect(cells[0]).toMatch(/^\d+\.\d s$/); // load
  expect(cells[1]).toMatch(/^\d+ ms$/); // first token
  for (const figure of cells.slice(2)) expect(Number(figure)).toBeGreaterThan(0); // prefill, decode, ceiling

  await bench.getByRole('button', { name: 'Copy results as JSON' }).click();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.memory_bandwidth_gb_s).toBe(50);
  expect(copied.results).toHaveLength(1);
  expect(copied.results[0]).toMatchObject({
    label: 'llama.cpp · CPU',
    engine: 'llama.cpp',
    backend: 'cpu',
    wasm_build: 'default',
    error: null,
  });
  expect(copied.device.wasm).toMatchObject({ jspi: true, memory64: true });
  for (const key of ['load_ms', 'first_token_ms', 'prefill_tokens_per_second', 'decode_tokens_per_second'])
    expect(Number.isFinite(copied.results[0][key]), key).toBe(true);

  await bench.getByRole('button', { name: 'Use the fastest' }).click();
  await app.closePanel();
  await app.ready();
  await expect(app.status).toContainText('tiny.gguf · llama.cpp · CPU');
});
