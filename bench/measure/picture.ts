/**
 * A picture to its first token on the CPU engine, in the app: a 1024 × 768 photo attached (checked,
 * scaled and re-encoded in the page's worker), sent, read by a projector of SigLIP-B/16's shape at
 * 384 pixels (12 layers 768 wide, 576 patches), and answered by the tiny vision model's language
 * model. Reports attach (file chosen → thumbnail shown) and send → first token, medians of RUNS.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeVisionLanguageModel } from '../../test/fixtures/tiny-vision-model.ts';
import { SIGLIP_B16_384, writeEncoderProjector } from '../../test/fixtures/vision-encoder.ts';
import { type Bench, newPage, RUNS, SMOKE, setSettings, THREADS } from '../bench.ts';
import { median, round } from '../stats.ts';

const SMOKE_ENCODER = { layers: 2, width: 64, ff: 128, heads: 2, image: 64, patch: 16 };

/** A 1024 × 768 JPEG with a photo's kind of detail (gradients and noise), made by the page's canvas. */
async function photo(page: Page): Promise<Buffer> {
  const bytes = (await page.evaluate(`(async () => {
    const canvas = new OffscreenCanvas(1024, 768);
    const g = canvas.getContext('2d');
    const image = g.createImageData(1024, 768);
    for (let i = 0; i < image.data.length; i += 4) {
      const x = (i / 4) % 1024, y = Math.floor(i / 4 / 1024);
      image.data[i] = (x / 4 + Math.random() * 40) | 0;
      image.data[i + 1] = (y / 3 + Math.random() * 40) | 0;
      image.data[i + 2] = ((x + y) / 7 + Math.random() * 40) | 0;
      image.data[i + 3] = 255;
    }
    g.putImageData(image, 0, 0);
    return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer())];
  })()`)) as number[];
  return Buffer.from(bytes);
}

async function oneRun(
  page: Page,
  file: Buffer,
  pictureTokens: number,
): Promise<{ attachMs: number; ttftMs: number; promptTokens: number }> {
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  const started = Date.now();
  await page.getByLabel('Attach a picture…').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: file });
  await page.getByRole('list', { name: 'Pictures to send' }).getByRole('img').waitFor();
  const attachMs = Date.now() - started;
  await page.getByRole('textbox', { name: 'Message' }).fill('What is in this photo?');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const reply = page.locator('article.assistant[data-ttft-ms]').last();
  await reply.waitFor({ timeout: 1_800_000 });
  const promptTokens = Number(await reply.getAttribute('data-prompt-tokens'));
  // The template before the picture may come from the cache; the picture itself must be read again.
  const evaluated = promptTokens - Number(await reply.getAttribute('data-cached-tokens'));
  if (evaluated < pictureTokens)
    throw new Error(`only ${evaluated} of ${promptTokens} prompt tokens were evaluated: the picture was not read again`);
  return { attachMs, ttftMs: Number(await reply.getAttribute('data-ttft-ms')), promptTokens };
}

export async function measurePicture(b: Bench): Promise<void> {
  process.env.VISION_MODEL_PATH = join(b.dir, 'vision-lm.gguf');
  process.env.VISION_MMPROJ_PATH = join(b.dir, 'vision-encoder.gguf');
  writeVisionLanguageModel(process.env.VISION_MODEL_PATH);
  const projectorBytes = writeEncoderProjector(process.env.VISION_MMPROJ_PATH, SMOKE ? SMOKE_ENCODER : undefined);
  const { context, page } = await newPage(b);
  try {
    const query = `model=${encodeURIComponent(b.models.url('/vision.gguf'))}&mmproj=${encodeURIComponent(b.models.url('/vision-mmproj.gguf'))}`;
    await page.goto(`${b.site.origin}/?${query}&threads=${THREADS}`);
    await setSettings(page, { maxTokens: 4, temperature: 0 });
    const runs: { attachMs: number; ttftMs: number; promptTokens: number }[] = [];
    // The first run also downloads and loads the model: not counted. A new photo each time, or the engine's cache would answer.
    const encoder = SMOKE ? SMOKE_ENCODER : SIGLIP_B16_384;
    const pictureTokens = (encoder.image / encoder.patch) ** 2;
    await oneRun(page, await photo(page), pictureTokens);
    for (let run = 0; run < RUNS; run++) runs.push(await oneRun(page, await photo(page), pictureTokens));
    b.results.picture = {
      photo: '1024 × 768 JPEG',
      encoder: SMOKE ? SMOKE_ENCODER : 'SigLIP-B/16 at 384 px: 12 layers, 768 wide, 576 patches',
      projector_bytes: projectorBytes,
      prompt_tokens: runs[0]?.promptTokens ?? null,
      attach_ms: round(median(runs.map((r) => r.attachMs))),
      send_to_first_token_ms: round(median(runs.map((r) => r.ttftMs))),
      attach_to_first_token_ms: round(median(runs.map((r) => r.attachMs + r.ttftMs))),
    };
  } finally {
    await context.close();
  }
}
