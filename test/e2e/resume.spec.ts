/**
 * Downloads that never break: a cut connection resumes after the last whole chunk (Range), a server
 * that ignores Range or answers the wrong one stores nothing twice, and a corrupted transfer is
 * caught by its sha256 (fetched again once, or refused). The model answers exactly afterwards.
 */
import { statSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

const CHUNK = 32 * 1024 * 1024;
const bigSize = () => statSync(process.env.BIG_MODEL_PATH as string).size;
const cutAt = () => Math.floor(bigSize() * 0.4);

test('a download cut 40% in resumes after the last whole chunk on reload, asking only for the rest', async ({ app }) => {
  test.setTimeout(120_000);
  await app.open('/big.gguf');
  await expect(app.page.getByRole('alert')).toContainText(/The download from 127\.0\.0\.1:\d+ broke off after/);
  expect(app.models.served).toEqual([{ path: '/big.gguf', range: undefined, status: 200, bytes: cutAt() }]);
  expect(await app.storedRecords(), 'one whole chunk and the file record are kept').toBe(2);

  await app.page.reload();
  await app.ready();
  expect(app.models.served[1]).toEqual({ path: '/big.gguf', range: `bytes=${CHUNK}-`, status: 206, bytes: bigSize() - CHUNK });
  expect(app.models.served).toHaveLength(2);
  await app.answersExactly();
});

test('a server that ignores Range resends everything: what is stored is skipped, not stored twice', async ({ app }) => {
  test.setTimeout(120_000);
  await app.open('/big-norange.gguf');
  await expect(app.page.getByRole('alert')).toContainText('broke off after');
  await app.page.reload();
  await app.ready();
  expect(app.models.served[1]).toEqual({ path: '/big-norange.gguf', range: `bytes=${CHUNK}-`, status: 200, bytes: bigSize() });
  expect(await app.storedRecords(), 'three chunks and the file record').toBe(1 + Math.ceil(bigSize() / CHUNK));
  await app.answersExactly();
});

test('a Content-Range that does not match what was asked for starts the file over', async ({ app }) => {
  test.setTimeout(120_000);
  await app.open('/big-badrange.gguf');
  await expect(app.page.getByRole('alert')).toContainText('broke off after');
  await app.page.reload();
  await app.ready();
  const [, wrong, again] = app.models.served;
  expect(wrong).toMatchObject({ range: `bytes=${CHUNK}-`, status: 206 });
  expect(again).toEqual({ path: '/big-badrange.gguf', range: undefined, status: 200, bytes: bigSize() });
  await app.answersExactly();
});

test('a byte flipped in transit fails the sha256; the file is fetched again and then verified', async ({ app }) => {
  await app.open('/flip-once.gguf');
  await app.ready();
  expect(app.models.served.map((s) => s.status)).toEqual([200, 200]);
  await app.answersExactly();
});

test('a file that is damaged on the server is refused after a second try, and nothing of it is kept', async ({ app }) => {
  await app.open('/flipped.gguf');
  await expect(app.page.getByRole('alert')).toContainText(
    /flipped\.gguf from 127\.0\.0\.1:\d+ does not match its published checksum \(sha256\), twice, so it was not kept/,
  );
  expect(app.models.served).toHaveLength(2);
  expect(await app.storedRecords()).toBe(0);
});
