/**
 * Every picture a request carries is cleaned once, in the session, before any engine or the cloud
 * sees it: checked for what it is, and without the metadata a phone wrote. Pictures from the fixtures
 * that stand for a phone's (a JPEG with GPS and a motion-photo video after its end, a PNG with eXIf and
 * tEXt, a WebP with EXIF and XMP).
 */
import { describe, expect, it } from 'vitest';
import { withCleanPictures } from '../../src/runtime/page/session/pictures.ts';
import type { ChatRequest } from '../../src/runtime/shared/engine.ts';
import { InvalidRequestError } from '../../src/runtime/shared/errors/errors.ts';
import { cleanPicture } from '../../src/runtime/shared/pictures/clean.ts';
import { toDataUrl } from '../../src/runtime/shared/pictures/picture-bytes.ts';
import { cleanJpeg, cleanPng, indexOf, jpegWithMetadata, PERSONAL, phonePictures, pngWithMetadata } from '../fixtures/picture-metadata.ts';

const PHONE = phonePictures();

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as InvalidRequestError;
  }
  return null;
};

describe('cleanPicture', () => {
  it.each(PHONE)('a $type from a phone comes out as the picture alone, byte for byte', ({ clean, sent }) => {
    expect(indexOf(sent, PERSONAL.make)).toBeGreaterThan(0);
    const out = cleanPicture(sent, 'photo');
    expect(Buffer.compare(Buffer.from(out.bytes), Buffer.from(clean))).toBe(0);
    for (const text of Object.values(PERSONAL)) expect(indexOf(out.bytes, text)).toBe(-1);
  });

  it('a JPEG with a long video after its end (a motion photo) is a whole photo, not one cut short', () => {
    const video = new Uint8Array(4096).fill(7);
    const motion = new Uint8Array([...cleanJpeg(), ...video]);
    expect(Buffer.compare(Buffer.from(cleanPicture(motion, 'motion.jpg').bytes), Buffer.from(cleanJpeg()))).toBe(0);
  });

  it('refuses by name what is cut short, what is no picture, and an SVG', () => {
    const cut = refusal(() => cleanPicture(jpegWithMetadata(cleanJpeg()).subarray(0, 40), 'cut.jpg'));
    expect(cut).toBeInstanceOf(InvalidRequestError);
    expect(cut?.said?.key).toBe('imageTruncated');
    expect(refusal(() => cleanPicture(new TextEncoder().encode('<html>not a picture</html>'), 'page.html'))?.said?.key).toBe(
      'imageNotPicture',
    );
    expect(refusal(() => cleanPicture(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg'))?.said?.key).toBe(
      'imageSvg',
    );
  });
});

describe('withCleanPictures', () => {
  const ask = (...urls: string[]): ChatRequest => ({
    messages: [
      {
        role: 'user',
        content: [{ type: 'text', text: 'what is this?' }, ...urls.map((url) => ({ type: 'image_url' as const, image_url: { url } }))],
      },
    ],
  });

  it('gives every data: picture back without its metadata, and a request without pictures as it was', async () => {
    const request = ask(...PHONE.map((p) => toDataUrl(p.sent, p.type)));
    const clean = await withCleanPictures(request);
    const parts = clean.messages[0]?.content as { type: string; image_url?: { url: string } }[];
    expect(parts.slice(1).map((p) => p.image_url?.url)).toEqual(PHONE.map((p) => toDataUrl(p.clean, p.type)));
    expect(request.messages[0]?.content).not.toBe(parts); // the caller's request is read, never changed
    const plain: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
    expect(await withCleanPictures(plain)).toBe(plain);
  });

  it('keeps a picture that carries nothing as the same string, and says where a broken one is', async () => {
    const url = toDataUrl(cleanPng(), 'image/png');
    const clean = await withCleanPictures(ask(url));
    const parts = (clean.messages[0]?.content ?? []) as { image_url?: { url: string } }[];
    expect(parts[1]?.image_url?.url).toBe(url);
    const broken = toDataUrl(pngWithMetadata(cleanPng()).subarray(0, 60), 'image/png');
    await expect(withCleanPictures(ask(url, broken))).rejects.toThrow(/^Message 1, part 3 is cut short/);
  });
});
