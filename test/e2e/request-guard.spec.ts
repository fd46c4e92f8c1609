/**
 * The suite's request guard (fixtures.ts) is only worth something if it sees every context that can
 * ask for code: the page, a worker it starts, and a worker that worker starts (how wllama runs
 * llama.cpp). Each asks another host here; the guard must have seen all three.
 */
import { startStaticServer } from '../fixtures/static-server.ts';
import { expect, offsite, test } from './fixtures.ts';

const PAGE = `<!doctype html><title>guard</title><script type="module">
  const ask = (from) => fetch('http://offsite.invalid/' + from).catch(() => {});
  const nested = "fetch('http://offsite.invalid/nested-worker').catch(() => {}).then(() => postMessage('done'))";
  const outer = \`fetch('http://offsite.invalid/worker').catch(() => {}).then(() => {
    const inner = new Worker(URL.createObjectURL(new Blob([\${JSON.stringify(nested)}], { type: 'text/javascript' })));
    inner.onmessage = (e) => postMessage(e.data);
  })\`;
  window.run = async () => {
    await ask('page');
    const worker = new Worker(URL.createObjectURL(new Blob([outer], { type: 'text/javascript' })));
    return new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
  };
</script>`;

test('offsite() tells this computer from everywhere else', () => {
  expect(
    ['http://localhost:4174/', 'http://127.0.0.1:9/x', 'http://[::1]:8080/', 'blob:http://localhost/1', 'data:,x'].map(offsite),
  ).toEqual([false, false, false, false, false]);
  expect(
    ['https://cdn.example/npm/@wllama/wllama-compat/wasm/wllama.js', 'https://models.example/x.gguf', 'ws://example.org/'].map(offsite),
  ).toEqual([true, true, true]);
});

test('the guard sees requests to another host from the page, its worker, and that worker’s worker', async ({ page, offsiteRequests }) => {
  const site = await startStaticServer('dist', { isolated: false, extra: { '/guard.html': { type: 'text/html', body: PAGE } } });
  try {
    await page.goto(`${site.url}guard.html`);
    expect(await page.evaluate(() => (window as unknown as { run(): Promise<string> }).run())).toBe('done');
    await expect
      .poll(() => offsiteRequests.map((line) => line.split(' ')[1]).sort())
      .toEqual(['http://offsite.invalid/nested-worker', 'http://offsite.invalid/page', 'http://offsite.invalid/worker']);
    offsiteRequests.length = 0; // seen, as they should be: the fixture's own check would fail this test otherwise
  } finally {
    await site.close();
  }
});
