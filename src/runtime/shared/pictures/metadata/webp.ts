/** WebP: the RIFF chunks walked; image and animation chunks stay, ICC, EXIF, XMP and unknown chunks go. */
import { orientationOf, orientationTiff } from './exif.ts';
import { MalformedPictureError, text, u32bytes, u32le, type Walked, within } from './walk.ts';

const IMAGE = new Set(['VP8 ', 'VP8L']);
const KEEP = new Set(['VP8X', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
// VP8X's first flags byte says which optional chunks follow: a flag left set for a dropped chunk would lie.
const FLAG: Record<string, number> = { ICCP: 0x20, EXIF: 0x08, 'XMP ': 0x04 };
const LABEL: Record<string, string> = { ICCP: 'ICC profile', EXIF: 'EXIF', 'XMP ': 'XMP' };

/** A RIFF chunk of `type` around `data`, padded to an even size. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  out.set([...type].map((c) => c.charCodeAt(0)));
  out.set(u32bytes(data.length, true), 4);
  out.set(data, 8);
  return out;
}

/** WebP without metadata: a simple file keeps its one image chunk, an extended one its VP8X (flags cleared), image and animation chunks. */
export function walkWebp(b: Uint8Array): Walked {
  const riffEnd = 8 + u32le(b, 4);
  if (riffEnd > b.length)
    throw new MalformedPictureError(`WebP RIFF size at byte 4 runs past the end (${riffEnd} of ${b.length} bytes)`, { cut: true });
  // Chunks are read within the RIFF size alone: what lies past it is not part of the picture.
  const riff = b.subarray(0, riffEnd);
  const simple = IMAGE.has(text(riff, 12, 4));
  const parts: Uint8Array[] = [];
  const removed = new Set<string>();
  let orientation: number | null = null;
  let vp8x = -1;
  let flags = 0;
  for (let at = 12; at < riffEnd; ) {
    within(riff, at + 8, 'WebP chunk', at);
    const type = text(riff, at, 4);
    const size = u32le(riff, at + 4);
    const end = at + 8 + size + (size & 1);
    within(riff, end, `WebP chunk ${type}`, at);
    if (simple ? at === 12 : KEEP.has(type)) {
      if (type === 'VP8X') {
        if (size < 10) throw new MalformedPictureError(`WebP VP8X chunk at byte ${at} is ${size} bytes, not 10`);
        vp8x = parts.length;
        flags = riff[at + 8] as number;
      }
      parts.push(riff.subarray(at, end));
    } else {
      removed.add(LABEL[type] ?? `${type.trim()} chunk`);
      flags &= ~(FLAG[type] ?? 0);
      if (type === 'EXIF') orientation ??= orientationOf(riff.subarray(at + 8, at + 8 + size));
    }
    at = end;
  }
  // A simple file has no VP8X to announce an EXIF chunk, so no reader would apply one.
  if (orientation !== null && vp8x >= 0) {
    parts.push(chunk('EXIF', orientationTiff(orientation)));
    flags |= FLAG.EXIF as number;
  }
  if (vp8x >= 0) {
    const copy = (parts[vp8x] as Uint8Array).slice();
    copy[8] = flags;
    parts[vp8x] = copy;
  }
  if (riffEnd < b.length) removed.add('trailing data');
  const header = riff.slice(0, 12);
  const size = parts.reduce((n, p) => n + p.length, 4); // "WEBP" and the chunks
  header.set(u32bytes(size, true), 4);
  parts.unshift(header);
  return { parts, removed };
}
