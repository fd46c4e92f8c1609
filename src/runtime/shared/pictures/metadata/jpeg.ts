/** JPEG: every segment from SOI to EOI, scans included; the APPn and COM segments that carry personal data go. */
import { orientationOf, orientationTiff } from './exif.ts';
import { has, MalformedPictureError, u16be, type Walked, within } from './walk.ts';

const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const EMPTY = new Uint8Array(0);

/** What an APPn or COM segment is, as the label `removed` gives it; null for a segment the picture needs. */
function personal(b: Uint8Array, marker: number, data: number): string | null {
  if (marker === 0xfe) return 'comment';
  if (marker < 0xe0 || marker > 0xef) return null;
  switch (marker - APP0) {
    case 0:
      return has(b, data, 'JFIF\0') ? null : has(b, data, 'JFXX\0') ? 'thumbnail' : 'APP0';
    case 1:
      return has(b, data, 'Exif\0') ? 'EXIF' : has(b, data, 'http://ns.adobe.com/') ? 'XMP' : 'APP1';
    case 2:
      // MPF goes too: its device fields and dates are personal, and the images it points to lie past EOI.
      return has(b, data, 'ICC_PROFILE\0') ? 'ICC profile' : has(b, data, 'MPF\0') ? 'MPF' : 'APP2';
    case 13:
      return has(b, data, 'Photoshop 3.0\0') ? 'IPTC' : 'APP13';
    case 14:
      // Adobe's colour transform says whether the samples are YCbCr or RGB/CMYK: decoding needs it.
      return has(b, data, 'Adobe') ? null : 'APP14';
    default:
      return `APP${marker - APP0}`;
  }
}

/** Where a scan's entropy-coded data ends: at the FF that starts the next marker (FF 00, RSTn and fill FF are data). */
function scanEnd(b: Uint8Array, from: number, sos: number): number {
  let i = b.indexOf(0xff, from);
  while (i >= 0 && i + 1 < b.length) {
    const next = b[i + 1] as number;
    if (next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7)) return i;
    i = b.indexOf(0xff, next === 0xff ? i + 1 : i + 2);
  }
  throw new MalformedPictureError(`JPEG scan at byte ${sos} runs past the end`, { cut: true });
}

/** An APP0 JFIF segment (from `start`, its length at `at`) without its thumbnail: thumbnail size 0×0, 16 bytes long. */
function jfifWithoutThumbnail(b: Uint8Array, start: number, at: number, end: number, removed: Set<string>): Uint8Array {
  const header = at + 16; // length, "JFIF\0", version, units, densities, thumbnail width and height
  if (end < header || (end === header && b[header - 2] === 0 && b[header - 1] === 0)) return b.subarray(start, end);
  removed.add('thumbnail');
  const out = b.slice(start, header);
  out.set([0, 16], at - start);
  out.set([0, 0], out.length - 2);
  return out;
}

/** APP1 holding only the Orientation. */
function orientationSegment(orientation: number): Uint8Array {
  const tiff = orientationTiff(orientation);
  const out = new Uint8Array(10 + tiff.length);
  out.set([0xff, 0xe1, 0, 8 + tiff.length, 0x45, 0x78, 0x69, 0x66, 0, 0]); // FF E1, length, "Exif\0\0"
  out.set(tiff, 10);
  return out;
}

/** The segment's marker at `at` (after any FF fill bytes) and where its marker ends. */
function markerAt(b: Uint8Array, at: number): { marker: number; next: number } {
  if (at >= b.length) throw new MalformedPictureError(`JPEG ends at byte ${at} before its end-of-image marker`, { cut: true });
  if (b[at] !== 0xff) throw new MalformedPictureError(`JPEG has no marker at byte ${at}`);
  let m = at;
  while (b[m + 1] === 0xff) m++; // fill bytes may precede any marker
  within(b, m + 2, 'JPEG marker', at);
  const marker = b[m + 1] as number;
  if (marker === 0x00 || marker === 0xd8) {
    const name = marker.toString(16).toUpperCase().padStart(2, '0');
    throw new MalformedPictureError(`JPEG has an unexpected marker FF ${name} at byte ${m}`);
  }
  return { marker, next: m + 2 };
}

/** JPEG without EXIF, XMP, ICC, MPF, IPTC, other APPn, comments, the JFIF thumbnail and anything after EOI. */
export function walkJpeg(b: Uint8Array): Walked {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  const removed = new Set<string>();
  let orientation: number | null = null;
  // The Orientation's APP1 goes right after SOI, or after APP0 JFIF when that comes first.
  let slot = b[3] === APP0 && has(b, 6, 'JFIF\0') ? -1 : parts.push(EMPTY) - 1;
  let at = 2;
  for (;;) {
    const start = at;
    const { marker, next } = markerAt(b, at);
    at = next;
    if (marker === EOI || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(b.subarray(start, at)); // no length: EOI, TEM, a stray RSTn
      if (marker === EOI) break;
      continue;
    }
    within(b, at + 2, 'JPEG segment', start);
    const end = at + u16be(b, at);
    if (end < at + 2) throw new MalformedPictureError(`JPEG segment at byte ${start} has a length under 2`);
    within(b, end, 'JPEG segment', start);
    const stop = marker === SOS ? scanEnd(b, end, start) : end;
    const label = personal(b, marker, at + 2);
    if (label === 'EXIF') orientation ??= orientationOf(b.subarray(at + 2, end));
    if (label) removed.add(label);
    else if (marker === APP0) parts.push(jfifWithoutThumbnail(b, start, at, end, removed));
    else parts.push(b.subarray(start, stop));
    at = stop;
    if (slot < 0) slot = parts.push(EMPTY) - 1;
  }
  if (at < b.length) removed.add('trailing data');
  if (orientation !== null) parts[slot] = orientationSegment(orientation);
  return { parts, removed };
}
