/** The one EXIF fact a picture keeps: its Orientation, read from an EXIF block and written back alone. */
import { has, u16be, u16le, u32be, u32le } from './walk.ts';

const ORIENTATION = 0x0112;
const SHORT = 3;

/** The Orientation (2–8) in IFD0 of an EXIF block (TIFF, perhaps after "Exif\0\0"); null when 1, absent or unreadable. */
export function orientationOf(block: Uint8Array): number | null {
  // JPEG's APP1 always has the "Exif\0\0" prefix; some PNG and WebP writers copy it along.
  const tiff = has(block, 0, 'Exif\0') ? block.subarray(6) : block;
  const little = has(tiff, 0, 'II');
  if (!little && !has(tiff, 0, 'MM')) return null;
  const u16 = little ? u16le : u16be;
  const u32 = little ? u32le : u32be;
  if (u16(tiff, 2) !== 42) return null;
  const ifd = u32(tiff, 4);
  const end = Math.min(tiff.length, ifd + 2 + u16(tiff, ifd) * 12);
  for (let e = ifd + 2; e + 12 <= end; e += 12) {
    if (u16(tiff, e) !== ORIENTATION) continue;
    // A SHORT's value sits in the first two bytes of the entry's value field, whichever the byte order.
    const value = u16(tiff, e + 2) === SHORT ? u16(tiff, e + 8) : 0;
    return value >= 2 && value <= 8 ? value : null;
  }
  return null;
}

/** A TIFF block holding only `orientation`: big-endian header, IFD0 with one SHORT entry, no next IFD (26 bytes). */
export function orientationTiff(orientation: number): Uint8Array {
  // biome-ignore format: one line per TIFF field
  return new Uint8Array([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD0 at byte 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, SHORT, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, count 1, value
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
}
