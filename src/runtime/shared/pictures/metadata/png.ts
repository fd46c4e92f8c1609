/** PNG: every chunk walked and its CRC checked; only the chunks that draw the picture stay. */
import { orientationOf, orientationTiff } from './exif.ts';
import { has, MalformedPictureError, text, u32be, u32bytes, type Walked, within } from './walk.ts';

// Pixels, palette, transparency, colour space and pixel size, animation: what a decoder draws from.
const KEEP = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
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
  'fdAT',
]);
const EMPTY = new Uint8Array(0);

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG uses it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The label `removed` gives a dropped chunk. */
function label(type: string, b: Uint8Array, data: number): string {
  switch (type) {
    case 'eXIf':
      return 'EXIF';
    case 'iCCP':
      return 'ICC profile';
    case 'tIME':
      return 'time';
    case 'tEXt':
    case 'zTXt':
    case 'iTXt':
      return has(b, data, 'XML:com.adobe.xmp\0') ? 'XMP' : 'text';
    default:
      return `${type} chunk`;
  }
}

/** A chunk of `type` around `data`, with its length and CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  out.set(u32bytes(data.length, false));
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  out.set(u32bytes(crc32(out.subarray(4, 8 + data.length)), false), 8 + data.length);
  return out;
}

/** PNG with only the chunks in KEEP (and an eXIf holding only the Orientation, when it is not 1); nothing after IEND. */
export function walkPng(b: Uint8Array): Walked {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  const removed = new Set<string>();
  let orientation: number | null = null;
  let slot = -1;
  let at = 8;
  for (;;) {
    if (at >= b.length) throw new MalformedPictureError(`PNG ends at byte ${at} before its IEND chunk`, { cut: true });
    within(b, at + 8, 'PNG chunk', at);
    const type = text(b, at + 4, 4);
    const end = at + 12 + u32be(b, at);
    within(b, end, `PNG chunk ${type}`, at);
    if (crc32(b.subarray(at + 4, end - 4)) !== u32be(b, end - 4)) {
      throw new MalformedPictureError(`PNG chunk ${type} at byte ${at} has a bad CRC`);
    }
    // eXIf must come before the pixels for a browser to apply it.
    if (slot < 0 && (type === 'IDAT' || type === 'IEND')) slot = parts.push(EMPTY) - 1;
    if (KEEP.has(type)) parts.push(b.subarray(at, end));
    else removed.add(label(type, b, at + 8));
    if (type === 'eXIf') orientation ??= orientationOf(b.subarray(at + 8, end - 4));
    at = end;
    if (type === 'IEND') break;
  }
  if (at < b.length) removed.add('trailing data');
  if (orientation !== null) parts[slot] = chunk('eXIf', orientationTiff(orientation));
  return { parts, removed };
}
