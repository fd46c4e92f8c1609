/** GIF: header, screen and colour table, then each block to the trailer; comments and foreign application data go. */
import { has, MalformedPictureError, type Walked, within } from './walk.ts';

// Looping is part of how an animation plays; every other application extension is some program's data.
const LOOPING = ['NETSCAPE2.0', 'ANIMEXTS1.0'];

/** Where the data sub-blocks from `at` end, past their zero-length terminator. */
function subBlocksEnd(b: Uint8Array, at: number, block: number): number {
  for (;;) {
    within(b, at + 1, 'GIF block', block);
    const n = b[at] as number;
    at += 1 + n;
    if (n === 0) return at;
  }
}

/** A colour table's size in bytes, from a packed field whose top bit says whether there is one. */
const tableSize = (packed: number) => (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0);

/** What an extension is, as the label `removed` gives it; null for one the picture needs. */
function personal(b: Uint8Array, at: number): string | null {
  const label = b[at + 1];
  if (label === 0xf9 || label === 0x01) return null; // graphic control (delay, transparency), plain text
  if (label === 0xfe) return 'comment';
  if (label !== 0xff) return 'extension';
  if (b[at + 2] === 11 && LOOPING.some((id) => has(b, at + 3, id))) return null;
  return has(b, at + 3, 'XMP DataXMP') ? 'XMP' : has(b, at + 3, 'ICCRGBG1') ? 'ICC profile' : 'application data';
}

/** GIF without comments and application extensions other than looping; nothing after the trailer. */
export function walkGif(b: Uint8Array): Walked {
  within(b, 13, 'GIF logical screen descriptor', 6);
  let at = 13 + tableSize(b[10] as number);
  within(b, at, 'GIF global colour table', 13);
  const parts: Uint8Array[] = [b.subarray(0, at)];
  const removed = new Set<string>();
  for (;;) {
    const start = at;
    const introducer = b[at];
    if (introducer === 0x3b) {
      parts.push(b.subarray(at, ++at));
      break;
    }
    if (introducer === 0x2c) {
      within(b, at + 10, 'GIF image descriptor', at);
      at += 10 + tableSize(b[at + 9] as number) + 1; // the local colour table, then the LZW minimum code size
      at = subBlocksEnd(b, at, start);
      parts.push(b.subarray(start, at));
    } else if (introducer === 0x21) {
      within(b, at + 2, 'GIF extension', at);
      at = subBlocksEnd(b, at + 2, start);
      const label = personal(b, start);
      if (label) removed.add(label);
      else parts.push(b.subarray(start, at));
    } else if (introducer === undefined) {
      throw new MalformedPictureError(`GIF ends at byte ${at} before its trailer`, { cut: true });
    } else {
      throw new MalformedPictureError(
        `GIF block at byte ${at} starts with 0x${introducer.toString(16)}: not an image, an extension or the trailer`,
      );
    }
  }
  if (at < b.length) removed.add('trailing data');
  return { parts, removed };
}
