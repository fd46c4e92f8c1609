/**
 * Pictures leave the device without personal metadata: GPS, camera, dates, comments, thumbnails, profiles and
 * whatever a phone appends. The picture itself stays byte for byte, and so does its EXIF Orientation.
 */
import { walkGif } from './metadata/gif.ts';
import { walkJpeg } from './metadata/jpeg.ts';
import { walkPng } from './metadata/png.ts';
import { join, MalformedPictureError, type Walked } from './metadata/walk.ts';
import { walkWebp } from './metadata/webp.ts';
import { type PictureType, sniffPicture } from './picture-bytes.ts';

export { MalformedPictureError };

/** What was taken out, for tests and for saying so: e.g. ['EXIF', 'XMP', 'comment', 'thumbnail', 'trailing data']. */
export interface Cleaned {
  bytes: Uint8Array;
  removed: string[];
}

const WALKS: Record<PictureType, (b: Uint8Array) => Walked> = {
  'image/jpeg': walkJpeg,
  'image/png': walkPng,
  'image/gif': walkGif,
  'image/webp': walkWebp,
};

/**
 * `bytes` (a whole PNG, JPEG, GIF or WebP, sniffed by its magic bytes) without metadata: byte-for-byte the same picture otherwise.
 * Throws MalformedPictureError when the container cannot be walked.
 */
export function withoutMetadata(bytes: Uint8Array): Cleaned {
  const type = sniffPicture(bytes);
  if (!type) {
    const head = [...bytes.subarray(0, 4)].map((v) => v.toString(16).padStart(2, '0')).join(' ');
    throw new MalformedPictureError(`Not a PNG, JPEG, GIF or WebP: it starts with ${head || 'nothing'}`);
  }
  const { parts, removed } = WALKS[type](bytes);
  // Nothing taken out means nothing changed: the input itself, not a copy.
  return removed.size === 0 ? { bytes, removed: [] } : { bytes: join(parts), removed: [...removed] };
}
