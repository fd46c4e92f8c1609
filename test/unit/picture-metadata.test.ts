/** Pictures lose their personal metadata before they leave the device, and nothing else: each format, byte for byte. */
import { describe, expect, it } from 'vitest';
import { MalformedPictureError, withoutMetadata } from '../../src/runtime/shared/pictures/metadata.ts';
import {
  cat,
  cleanGif,
  cleanJpeg,
  cleanPng,
  cleanWebp,
  crc32,
  exifTiff,
  extendedWebp,
  gifWithMetadata,
  gpsBytes,
  indexOf,
  jpegWithMetadata,
  PERSONAL,
  pngChunk,
  pngChunks,
  pngWithMetadata,
  progressiveJpeg,
  riffChunk,
  VP8X_EXIF,
  webpChunks,
  webpWithMetadata,
} from '../fixtures/picture-metadata.ts';

/** What of the inserted personal data is still in `bytes`. */
function leaks(bytes: Uint8Array): string[] {
  const found = Object.entries(PERSONAL).filter(([, text]) => indexOf(bytes, text) >= 0);
  const gps = [...gpsBytes(false), ...gpsBytes(true)].filter((g) => indexOf(bytes, g) >= 0);
  return [...found.map(([name]) => name), ...gps.map(() => 'GPS')];
}

/** The Orientation in a TIFF block, read here rather than by the module; throws unless IFD0 holds it alone, with no next IFD. */
function onlyOrientation(tiff: Uint8Array): number {
  const v = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = String.fromCharCode(tiff[0] as number, tiff[1] as number) === 'II';
  expect(v.getUint16(2, little)).toBe(42);
  const ifd = v.getUint32(4, little);
  expect(v.getUint16(ifd, little)).toBe(1);
  expect([v.getUint16(ifd + 2, little), v.getUint16(ifd + 4, little), v.getUint32(ifd + 6, little)]).toEqual([0x0112, 3, 1]);
  expect(v.getUint32(ifd + 14, little)).toBe(0);
  return v.getUint16(ifd + 10, little);
}

function malformed(bytes: Uint8Array): string {
  try {
    withoutMetadata(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPictureError);
    expect((error as Error).name).toBe('MalformedPictureError');
    return (error as Error).message;
  }
  throw new Error('expected MalformedPictureError');
}

const sorted = (labels: string[]) => [...labels].sort();
const SOI_JFIF = 2 + 18; // SOI, then APP0 JFIF of 16 bytes after its marker
// APP1 "Exif\0\0", "MM", 42, IFD0 at 8 with one entry: Orientation, SHORT, 1, 6; no next IFD.
const ORIENTATION_6_APP1 = cat(
  [0xff, 0xe1, 0, 34],
  'Exif\0\0',
  [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 1, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0],
  [0, 0, 0, 0],
);

describe('JPEG without metadata', () => {
  it('is the clean picture again, byte for byte: EXIF (GPS, camera), XMP, ICC, MPF, IPTC, comment, thumbnails and trailing data all go', () => {
    const clean = cleanJpeg({ greys: [100, 200] });
    const dirty = jpegWithMetadata(clean);
    expect(leaks(dirty)).toEqual(expect.arrayContaining(['make', 'model', 'dateTime', 'comment', 'xmp', 'iptc', 'icc', 'trailing', 'GPS']));
    const { bytes, removed } = withoutMetadata(dirty);
    expect(bytes).toEqual(clean);
    expect(leaks(bytes)).toEqual([]);
    expect(sorted(removed)).toEqual(['EXIF', 'ICC profile', 'IPTC', 'MPF', 'XMP', 'comment', 'thumbnail', 'trailing data']);
  });

  it('keeps orientation 6 as a minimal EXIF right after APP0, whichever byte order the camera wrote', () => {
    const clean = cleanJpeg();
    for (const littleEndian of [false, true]) {
      const { bytes } = withoutMetadata(jpegWithMetadata(clean, { orientation: 6, littleEndian }));
      expect(bytes).toEqual(cat(clean.subarray(0, SOI_JFIF), ORIENTATION_6_APP1, clean.subarray(SOI_JFIF)));
      expect(onlyOrientation(bytes.subarray(SOI_JFIF + 10, SOI_JFIF + 36))).toBe(6);
      expect(leaks(bytes)).toEqual([]);
    }
    expect(onlyOrientation(withoutMetadata(jpegWithMetadata(clean, { orientation: 8, littleEndian: true })).bytes.subarray(30, 56))).toBe(
      8,
    );
  });

  it('writes no EXIF at all for orientation 1, and puts it right after SOI when there is no APP0', () => {
    const clean = cleanJpeg();
    expect(withoutMetadata(jpegWithMetadata(clean, { orientation: 1 })).bytes).toEqual(clean);
    const noJfif = cat(clean.subarray(0, 2), clean.subarray(SOI_JFIF));
    const exif = cat([0xff, 0xe1, 0, 8 + 82], 'Exif\0\0');
    const withExif = withoutMetadata(cat(noJfif.subarray(0, 2), exif, jpegExifTiff(6), noJfif.subarray(2))).bytes;
    expect(withExif).toEqual(cat(noJfif.subarray(0, 2), ORIENTATION_6_APP1, noJfif.subarray(2)));
  });

  it('gives a picture without metadata back as it is', () => {
    for (const clean of [cleanJpeg(), cleanJpeg({ adobe: true, restart: true, greys: [1, 2, 3] }), progressiveJpeg()]) {
      const result = withoutMetadata(clean);
      expect(result.removed).toEqual([]);
      expect(result.bytes).toEqual(clean);
    }
  });

  it('keeps APP14 Adobe (decoding needs its colour transform) and restart intervals, scans and markers byte for byte', () => {
    const clean = cleanJpeg({ adobe: true, restart: true, greys: [10, 128, 250] });
    expect(indexOf(clean, 'Adobe')).toBeGreaterThan(0);
    expect(indexOf(clean, [0xff, 0xd0])).toBeGreaterThan(0);
    expect(withoutMetadata(jpegWithMetadata(clean)).bytes).toEqual(clean);
  });

  it('reads scan data as data: FF 00, restart markers and fill bytes stay, a COM after the scan goes', () => {
    const header = cat([0xff, 0xd8], [0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]);
    // FF 00 FE is a stuffed FF then a data byte that looks like COM's marker; FF D3 a restart marker; FF FF fill.
    const scan = [0x12, 0xff, 0x00, 0xfe, 0x00, 0x04, 0xff, 0xd3, 0xe1, 0x00, 0x02, 0xff, 0xff, 0xff];
    const comment = cat([0xff, 0xfe, 0, 2 + PERSONAL.comment.length], PERSONAL.comment);
    const { bytes, removed } = withoutMetadata(cat(header, scan, comment, [0xff, 0xd9]));
    expect(bytes).toEqual(cat(header, scan, [0xff, 0xd9]));
    expect(removed).toEqual(['comment']);
    // Fill bytes before a segment's marker belong to it, outside scans too.
    const clean = cleanJpeg();
    const filled = cat(clean.subarray(0, SOI_JFIF), [0xff, 0xff], clean.subarray(SOI_JFIF));
    expect(withoutMetadata(cat(clean.subarray(0, SOI_JFIF), comment, filled.subarray(SOI_JFIF))).bytes).toEqual(filled);
  });

  it('keeps a progressive JPEG’s table between scans while dropping a comment between them', () => {
    const clean = progressiveJpeg();
    const dirty = progressiveJpeg({ comment: true });
    const dht = cat([0xff, 0xc4, 0, 20, 0x10, 1], new Array(15).fill(0), [0]);
    const firstScan = indexOf(clean, [0xff, 0xda]);
    expect(indexOf(clean, dht)).toBeGreaterThan(firstScan);
    const { bytes, removed } = withoutMetadata(dirty);
    expect(bytes).toEqual(clean);
    expect(indexOf(bytes, dht)).toBeGreaterThan(firstScan);
    expect(removed).toEqual(['comment']);
  });

  it('cuts a JFIF thumbnail: size 0×0, its pixels gone, the length 16', () => {
    const clean = cleanJpeg();
    const thumbnail = cat([0xff, 0xe0, 0, 22], 'JFIF\0', [1, 2, 0, 0, 1, 0, 1], [2, 1], [9, 8, 7, 6, 5, 4]);
    const { bytes, removed } = withoutMetadata(cat(clean.subarray(0, 2), thumbnail, clean.subarray(SOI_JFIF)));
    expect(removed).toEqual(['thumbnail']);
    expect(bytes.subarray(2, SOI_JFIF)).toEqual(cat([0xff, 0xe0, 0, 16], 'JFIF\0', [1, 2, 0, 0, 1, 0, 1], [0, 0]));
    expect(bytes).toEqual(clean);
  });

  it('drops what a phone appends after EOI', () => {
    const clean = cleanJpeg();
    const { bytes, removed } = withoutMetadata(cat(clean, PERSONAL.trailing, clean));
    expect(removed).toEqual(['trailing data']);
    expect(bytes).toEqual(clean);
  });

  it('refuses a segment that runs past the end, a JPEG without EOI and a scan that never ends', () => {
    const clean = cleanJpeg();
    expect(malformed(cat(clean.subarray(0, 2), [0xff, 0xe1, 0x40, 0], 'Exif\0\0'))).toBe('JPEG segment at byte 2 runs past the end');
    expect(malformed(clean.subarray(0, clean.length - 2))).toMatch(/^JPEG scan at byte \d+ runs past the end$/);
    expect(malformed(cat(clean.subarray(0, SOI_JFIF)))).toBe(`JPEG ends at byte ${SOI_JFIF} before its end-of-image marker`);
    expect(malformed(cat(clean.subarray(0, SOI_JFIF), [0x12, 0x34]))).toBe(`JPEG has no marker at byte ${SOI_JFIF}`);
    expect(malformed(cat(clean.subarray(0, 2), [0xff, 0xfe, 0, 1], clean.subarray(2)))).toBe('JPEG segment at byte 2 has a length under 2');
  });
});

/** An EXIF block (the module's reader must find Orientation in it) of 82 bytes: Make, then Orientation, little-endian. */
function jpegExifTiff(orientation: number): Uint8Array {
  const entries = cat([2, 0], [0x0f, 0x01, 2, 0, 6, 0, 0, 0, 38, 0, 0, 0], [0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0]);
  return cat('II', [42, 0, 8, 0, 0, 0], entries, [0, 0, 0, 0], 'Canon\0', new Array(82 - 44).fill(0));
}

describe('PNG without metadata', () => {
  it('is the clean picture again: eXIf (GPS), tEXt, iTXt (XMP), tIME and what follows IEND go', () => {
    const clean = cleanPng();
    const dirty = pngWithMetadata(clean);
    const { bytes, removed } = withoutMetadata(dirty);
    expect(bytes).toEqual(clean);
    expect(leaks(bytes)).toEqual([]);
    for (const type of ['eXIf', 'tEXt', 'iTXt', 'tIME']) expect(indexOf(bytes, type)).toBe(-1);
    expect(sorted(removed)).toEqual(['EXIF', 'XMP', 'text', 'time', 'trailing data']);
  });

  it('keeps orientation 6 as a minimal eXIf before the first IDAT, with its CRC', () => {
    const clean = cleanPng();
    const { bytes } = withoutMetadata(pngWithMetadata(clean, { orientation: 6, littleEndian: true }));
    const chunks = pngChunks(bytes);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'eXIf', 'IDAT', 'IEND']);
    const exif = chunks[2] as (typeof chunks)[number];
    expect(exif.data.length).toBe(26);
    expect(exif.crc).toBe(crc32(cat('eXIf', exif.data)));
    expect(onlyOrientation(exif.data)).toBe(6);
    expect(leaks(bytes)).toEqual([]);
  });

  it('keeps exactly the chunks that draw the picture, byte for byte, and drops the rest', () => {
    const kept = [
      'IHDR',
      'PLTE',
      'tRNS',
      'gAMA',
      'cHRM',
      'sRGB',
      'sBIT',
      'bKGD',
      'pHYs',
      'cICP',
      'mDCV',
      'cLLI',
      'acTL',
      'fcTL',
      'IDAT',
      'fdAT',
      'IEND',
    ];
    const dropped = ['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME', 'iCCP', 'sPLT', 'hIST', 'oFFs', 'prVt'];
    const signature = cleanPng().subarray(0, 8);
    const chunk = (type: string) => pngChunk(type, type === 'IEND' ? '' : `${type} data`);
    const all = [...kept.slice(0, 2), ...dropped, ...kept.slice(2)];
    const { bytes, removed } = withoutMetadata(cat(signature, ...all.map(chunk)));
    expect(bytes).toEqual(cat(signature, ...kept.map(chunk)));
    expect(sorted(removed)).toEqual(['EXIF', 'ICC profile', 'hIST chunk', 'oFFs chunk', 'prVt chunk', 'sPLT chunk', 'text', 'time']);
  });

  it('gives a picture without metadata back as it is', () => {
    const clean = cleanPng();
    expect(withoutMetadata(clean)).toEqual({ bytes: clean, removed: [] });
  });

  it('refuses a bad CRC, a chunk past the end and a PNG without IEND', () => {
    const clean = cleanPng();
    const bad = clean.slice();
    bad[45] = (bad[45] as number) ^ 1; // a byte of pHYs's data: the chunk starts at 33, after the signature and IHDR
    expect(malformed(bad)).toBe('PNG chunk pHYs at byte 33 has a bad CRC');
    expect(malformed(clean.subarray(0, 45))).toBe('PNG chunk pHYs at byte 33 runs past the end');
    expect(malformed(clean.subarray(0, clean.length - 12))).toBe(`PNG ends at byte ${clean.length - 12} before its IEND chunk`);
  });
});

describe('WebP without metadata', () => {
  it('is the clean picture, extended, again: ICC, EXIF (GPS), XMP, unknown chunks and what follows the RIFF go, flags cleared', () => {
    for (const clean of [cleanWebp(), extendedWebp(cleanWebp([128, 1, 2, 3]))]) {
      const dirty = webpWithMetadata(clean);
      expect((dirty[20] as number) & 0x2c).toBe(0x2c);
      const { bytes, removed } = withoutMetadata(dirty);
      expect(bytes).toEqual(extendedWebp(clean));
      expect(bytes[20]).toBe(0);
      expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(bytes.length - 8);
      expect(leaks(bytes)).toEqual([]);
      expect(sorted(removed)).toEqual(['EXIF', 'ICC profile', 'XMP', 'ZZZZ chunk', 'trailing data']);
    }
  });

  it('keeps orientation 6 as a minimal EXIF chunk, its VP8X flag set and the others cleared', () => {
    const { bytes } = withoutMetadata(webpWithMetadata(cleanWebp(), { orientation: 6, littleEndian: true }));
    const chunks = webpChunks(bytes);
    expect(chunks.map((c) => c.type)).toEqual(['VP8X', 'VP8L', 'EXIF']);
    expect(bytes[20]).toBe(VP8X_EXIF);
    expect(onlyOrientation((chunks[2] as (typeof chunks)[number]).data)).toBe(6);
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(bytes.length - 8);
    expect(leaks(bytes)).toEqual([]);
  });

  it('keeps animation chunks byte for byte, odd sizes padded', () => {
    const vp8x = riffChunk('VP8X', [0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // alpha and animation
    const clean = cat('RIFF', [0, 0, 0, 0], 'WEBP', vp8x, riffChunk('ANIM', [0, 0, 0, 0, 0, 0]), riffChunk('ANMF', 'odd frame'));
    new DataView(clean.buffer).setUint32(4, clean.length - 8, true);
    expect(withoutMetadata(clean)).toEqual({ bytes: clean, removed: [] });
    const dirty = cat(clean, riffChunk('XMP ', PERSONAL.xmp));
    new DataView(dirty.buffer).setUint32(4, dirty.length - 8, true);
    dirty[20] = 0x16;
    expect(withoutMetadata(dirty)).toEqual({ bytes: clean, removed: ['XMP'] });
  });

  it('gives a simple WebP back as it is, without bytes past the RIFF size', () => {
    const clean = cleanWebp();
    expect(withoutMetadata(clean)).toEqual({ bytes: clean, removed: [] });
    expect(withoutMetadata(cat(clean, PERSONAL.trailing))).toEqual({ bytes: clean, removed: ['trailing data'] });
  });

  it('drops a chunk a simple WebP should not carry: one image chunk is all it has', () => {
    const clean = cleanWebp();
    const dirty = cat(clean, riffChunk('EXIF', exifTiff()));
    new DataView(dirty.buffer).setUint32(4, dirty.length - 8, true);
    expect(withoutMetadata(dirty)).toEqual({ bytes: clean, removed: ['EXIF'] });
  });

  it('refuses a RIFF size past the end and a chunk past the RIFF size', () => {
    const clean = cleanWebp();
    expect(malformed(clean.subarray(0, clean.length - 1))).toBe(
      `WebP RIFF size at byte 4 runs past the end (${clean.length} of ${clean.length - 1} bytes)`,
    );
    const long = clean.slice();
    long[16] = 200;
    expect(malformed(long)).toBe('WebP chunk VP8L at byte 12 runs past the end');
  });
});

describe('GIF without metadata', () => {
  it('is the clean picture again: comment, XMP, ICC and what follows the trailer go; looping and timing stay', () => {
    const clean = cleanGif();
    const { bytes, removed } = withoutMetadata(gifWithMetadata(clean));
    expect(bytes).toEqual(clean);
    expect(leaks(bytes)).toEqual([]);
    expect(indexOf(bytes, 'NETSCAPE2.0')).toBeGreaterThan(0);
    expect(sorted(removed)).toEqual(['ICC profile', 'XMP', 'comment', 'trailing data']);
  });

  it('keeps ANIMEXTS1.0 looping and plain text; drops other application extensions', () => {
    const clean = cleanGif();
    const head = clean.subarray(0, 19);
    const animexts = cat([0x21, 0xff, 11], 'ANIMEXTS1.0', [3, 1, 0, 0, 0]);
    const plainText = cat([0x21, 0x01, 12], new Array(12).fill(1), [2, 0x41, 0x42, 0]);
    const other = cat([0x21, 0xff, 11], 'MGK8BIM0000', [3, 1, 2, 3, 0]);
    const { bytes, removed } = withoutMetadata(cat(head, animexts, other, plainText, clean.subarray(19)));
    expect(bytes).toEqual(cat(head, animexts, plainText, clean.subarray(19)));
    expect(removed).toEqual(['application data']);
  });

  it('gives a picture without metadata back as it is', () => {
    const clean = cleanGif();
    expect(withoutMetadata(clean)).toEqual({ bytes: clean, removed: [] });
  });

  it('refuses sub-blocks past the end, a GIF without trailer and a block it does not know', () => {
    const clean = cleanGif();
    expect(malformed(clean.subarray(0, clean.length - 3))).toMatch(/^GIF block at byte \d+ runs past the end$/);
    expect(malformed(clean.subarray(0, clean.length - 1))).toBe(`GIF ends at byte ${clean.length - 1} before its trailer`);
    expect(malformed(cat(clean.subarray(0, clean.length - 1), [0x99]))).toMatch(/^GIF block at byte \d+ starts with 0x99/);
  });
});

describe('any picture', () => {
  it('refuses what is not a PNG, JPEG, GIF or WebP', () => {
    expect(malformed(cat('just some text'))).toBe('Not a PNG, JPEG, GIF or WebP: it starts with 6a 75 73 74');
    expect(malformed(cat('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toMatch(/^Not a PNG, JPEG, GIF or WebP/);
    expect(malformed(cat('RIFF', [4, 0, 0, 0], 'AVI '))).toMatch(/^Not a PNG, JPEG, GIF or WebP/);
    expect(malformed(new Uint8Array(0))).toBe('Not a PNG, JPEG, GIF or WebP: it starts with nothing');
  });

  it('refuses every picture cut short, with MalformedPictureError and nothing else', () => {
    const whole = [
      jpegWithMetadata(cleanJpeg(), { orientation: 6 }),
      pngWithMetadata(cleanPng()),
      webpWithMetadata(cleanWebp()),
      gifWithMetadata(cleanGif()),
    ];
    for (const picture of whole) {
      // Cut anywhere before the trailing data each carries, the picture itself is incomplete.
      const end = indexOf(picture, PERSONAL.trailing);
      expect(end).toBeGreaterThan(0);
      for (let n = 0; n < end; n++) malformed(picture.subarray(0, n));
    }
  });

  it('leaves its input as it was', () => {
    const dirty = jpegWithMetadata(cleanJpeg(), { orientation: 6 });
    const copy = dirty.slice();
    withoutMetadata(dirty.subarray(0));
    expect(dirty).toEqual(copy);
  });

  it('cleans a 20 MB PNG quickly, every CRC checked', () => {
    const clean = cleanPng();
    const [signature, ihdr] = [clean.subarray(0, 8), clean.subarray(8, 33)];
    const big = cat(signature, ihdr, pngChunk('IDAT', new Uint8Array(20_000_000).fill(7)), pngChunk('IEND', []));
    const photo = pngWithMetadata(big);
    const started = performance.now();
    const { bytes } = withoutMetadata(photo);
    const took = performance.now() - started;
    expect(Buffer.compare(bytes, big)).toBe(0); // toEqual walks 20 million elements one by one
    expect(took).toBeLessThan(1000);
  });

  it('cleans a 20 MB JPEG quickly', () => {
    const clean = cleanJpeg();
    const sos = indexOf(clean, [0xff, 0xda]) + 10;
    const scan = new Uint8Array(20_000_000);
    for (let i = 0, x = 1; i < scan.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      scan[i] = scan[i - 1] === 0xff ? 0 : x >>> 24; // every FF stuffed, as in real scan data
    }
    const photo = jpegWithMetadata(cat(clean.subarray(0, sos), scan, [0xff, 0xd9]));
    const started = performance.now();
    const { bytes } = withoutMetadata(photo);
    const took = performance.now() - started;
    expect(bytes.length).toBe(sos + scan.length + 2);
    expect(took).toBeLessThan(1000);
  });
});
