/** Every kind of bad model address gets a clear message; nothing hangs, nothing half-downloaded is kept. */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, test } from './fixtures.ts';

const CASES: [what: string, route: string, message: RegExp][] = [
  ['a missing file (404)', '/missing.gguf', /There is no model at .*missing\.gguf \(HTTP 404\)/],
  ['a forbidden file (403)', '/forbidden.gguf', /refused access to forbidden\.gguf \(HTTP 403\)/],
  ['an HTML page served with 200', '/page.gguf', /page\.gguf is a web page, not a model file/],
  ['random bytes', '/random.gguf', /random\.gguf is not a GGUF model/],
  ['a GGUF file cut short on the server', '/truncated.gguf', /truncated\.gguf on the server is incomplete/],
  ['a connection that drops mid-download', '/cut.gguf', /The download from 127\.0\.0\.1:\d+ broke off after .* of /],
  ['an unreachable host', 'http://127.0.0.1:9/model.gguf', /Could not reach 127\.0\.0\.1:9/],
];

for (const [what, route, message] of CASES) {
  test(`${what}: a clear message, and the app stays usable`, async ({ app }) => {
    await app.open(route);
    await expect(app.page.getByRole('alert')).toHaveText(message);
    await expect(app.status).toHaveAttribute('data-state', 'error');
    expect(await app.storedRecords()).toBe(0);

    // Sending with the broken model selected explains the failure in the reply and keeps the question.
    await app.send('hello?');
    await expect(app.lastReply()).toHaveAttribute('data-state', 'error');
    await expect(app.lastReply().getByRole('alert')).toHaveText(message);
    await expect(app.page.getByRole('article', { name: 'You' })).toContainText('hello?');

    // Then a good address, pasted into the models panel, loads and answers.
    await app.loadByAddress(app.models.url('/tiny.gguf'));
    await app.ready();
    await app.send('hi');
    expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  });
}

test('text that is not an address is refused before anything is fetched', async ({ app }) => {
  await app.page.goto('/?model=not%20a%20url%20at%20all');
  await expect(app.page.getByRole('alert')).toContainText('is not a web address');
  await app.page.goto('/?model=ftp%3A%2F%2Fexample.org%2Fm.gguf');
  await expect(app.page.getByRole('alert')).toContainText('Models load over http(s) only');
});

test('a model too large for WebAssembly memory on the CPU is refused from its header, before the rest downloads', async ({ app }) => {
  await app.open('/huge.gguf');
  await expect(app.page.getByRole('alert')).toHaveText(
    /huge\.gguf \(3\.75 GB\) is too large for llama\.cpp in the browser: .* do not fit in WebAssembly's 4 GB/,
  );
  await expect(app.status).toHaveAttribute('data-state', 'error');
  // The header is in the first megabyte; the download stopped there, and nothing of it is kept.
  const served = () => app.models.served.find((s) => s.path === '/huge.gguf');
  await expect.poll(() => served()?.closed).toBe(true);
  expect(served()?.bytes).toBeLessThan(16 * 1024 ** 2);
  expect(await app.storedRecords()).toBe(0);
});
