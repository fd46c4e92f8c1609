/**
 * What a picture's bytes are, read from the bytes, never from a name or a declared type: PNG, JPEG, GIF
 * or WebP, whole and of a size a model takes. An SVG is refused: it is a document that can run script.
 */
import { InvalidRequestError } from '../errors/errors.ts';
import { say } from '../errors/said.ts';

export type PictureType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** OpenAI's own limit for a picture in a request (20 MB). */
export const MAX_PICTURE_BYTES = 20_000_000;
/** Pictures in one message of a conversation: more than a small model's context holds already. */
export const MAX_PICTURES = 8;

const starts = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The picture type its first bytes say, or null. */
export function sniffPicture(b: Uint8Array): PictureType | null {
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(b, ascii('GIF87a')) || starts(b, ascii('GIF89a'))) return 'image/gif';
  if (starts(b, ascii('RIFF')) && starts(b, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** Whether the file ends as its format says a whole one does (a photo cut short in transfer does not). */
function whole(b: Uint8Array, type: PictureType): boolean {
  const n = b.length;
  switch (type) {
    case 'image/png':
      return starts(b, [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], n - 8);
    case 'image/jpeg': {
      // The end-of-image marker, perhaps followed by a few bytes of padding.
      for (let i = n - 2; i >= Math.max(0, n - 64); i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
      return false;
    }
    case 'image/gif':
      return b[n - 1] === 0x3b;
    case 'image/webp':
      return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, true) + 8 <= n;
  }
}

/** The bytes' picture type, or a clear refusal naming `where` the picture was. */
export function checkPicture(b: Uint8Array, where: string): PictureType {
  if (b.byteLength > MAX_PICTURE_BYTES) {
    throw new InvalidRequestError(say('imageTooLarge', { where, bytes: b.byteLength, limit: MAX_PICTURE_BYTES }));
  }
  const type = sniffPicture(b);
  if (!type) {
    const head = new TextDecoder().decode(b.subarray(0, 256)).trimStart().toLowerCase();
    const svg = head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'));
    throw new InvalidRequestError(say(svg ? 'imageSvg' : 'imageNotPicture', { where }));
  }
  if (!whole(b, type)) throw new InvalidRequestError(say('imageTruncated', { where }));
  return type;
}

/** A base64 data: URL's bytes. */
export function dataUrlBytes(url: string): Uint8Array<ArrayBuffer> {
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `bytes` of picture type `type` as a base64 data: URL. */
export function toDataUrl(bytes: Uint8Array, type: string): string {
  let binary = '';
  // In slices: spreading millions of arguments at once overflows the stack.
  for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return `data:${type};base64,${btoa(binary)}`;
}

/** A picture's width and height in pixels, read from its header (PNG IHDR, GIF screen, JPEG frame, WebP chunk); null when unreadable. */
export function pictureSize(b: Uint8Array): { width: number; height: number } | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const size = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);
  try {
    switch (sniffPicture(b)) {
      case 'image/png':
        return size(v.getUint32(16), v.getUint32(20));
      case 'image/gif':
        return size(v.getUint16(6, true), v.getUint16(8, true));
      case 'image/webp': {
        const chunk = String.fromCharCode(...b.subarray(12, 16));
        if (chunk === 'VP8 ') return size(v.getUint16(26, true) & 0x3fff, v.getUint16(28, true) & 0x3fff);
        if (chunk === 'VP8L') {
          const bits = v.getUint32(21, true);
          return size((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
        }
        const u24 = (at: number) => v.getUint16(at, true) + (v.getUint8(at + 2) << 16);
        if (chunk === 'VP8X') return size(u24(24) + 1, u24(27) + 1);
        return null;
      }
      case 'image/jpeg': {
        // Walk the segments to the first start-of-frame (SOF0–SOF15, but not DHT, JPG or DAC).
        let at = 2;
        while (at + 9 < b.length) {
          if (b[at] !== 0xff) return null;
          const marker = b[at + 1] as number;
          if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
            return size(v.getUint16(at + 7), v.getUint16(at + 5));
          }
          at += 2 + v.getUint16(at + 2);
        }
        return null;
      }
      default:
        return null;
    }
  } catch {
    return null; // a header cut short
  }
}
