/** Pictures known by their bytes: the four formats models read, whole and not too large; SVG and the rest refused by name. */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/runtime/shared/errors/errors.ts';
import { checkPicture, MAX_PICTURE_BYTES, sniffPicture } from '../../src/runtime/shared/pictures/picture-bytes.ts';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : p)));
// Each format's opening bytes, some body, and the ending a whole file has.
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'body', [0, 0, 0, 0], 'IEND', [0xae, 0x42, 0x60, 0x82]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], 'body', [0xff, 0xd9]);
const GIF = bytes('GIF89a', 'body', [0x3b]);
const WEBP = bytes('RIFF', [8, 0, 0, 0], 'WEBP', 'VP8 ');

function refusal(b: Uint8Array): string {
  try {
    checkPicture(b, 'Message 1, part 2');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('picture bytes', () => {
  it('PNG, JPEG, GIF and WebP are known by their first bytes, whole files pass', () => {
    expect([PNG, JPEG, GIF, WEBP].map(sniffPicture)).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
    expect([PNG, JPEG, GIF, WEBP].map((b) => checkPicture(b, 'here'))).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
  });

  it('a file cut short is refused, whichever the format', () => {
    for (const b of [PNG, JPEG, GIF, WEBP]) {
      expect(refusal(b.subarray(0, b.length - 3))).toBe(
        'Message 1, part 2 is cut short: the file ends before the picture does. Attach it again.',
      );
    }
  });

  it('an SVG, a text file and random bytes are refused, each by what it is', () => {
    expect(refusal(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toMatch(
      /^Message 1, part 2 is an SVG, a document that can run script/,
    );
    expect(refusal(bytes('  <svg></svg>'))).toMatch(/is an SVG/);
    for (const b of [bytes('just some text'), new Uint8Array(64).map((_, i) => (i * 37) % 256), new Uint8Array(0)]) {
      expect(refusal(b)).toBe(
        'Message 1, part 2 is not a picture InPage can read: it reads PNG, JPEG, GIF and WebP, known by their bytes whatever the name or type says.',
      );
    }
  });

  it('a 60 MB photo is refused before it is read, with both sizes', () => {
    const huge = new Uint8Array(3 * MAX_PICTURE_BYTES);
    huge.set(JPEG.subarray(0, 4));
    expect(refusal(huge)).toBe('Message 1, part 2 is 60 MB, more than the 20 MB a picture may be. Send a smaller copy.');
  });
});
