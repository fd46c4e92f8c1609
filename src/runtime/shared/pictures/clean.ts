/**
 * A picture made ready to leave the device, for the session and the composer alike: its bytes checked
 * for what they are (never a name or a declared type), and without its metadata (see metadata.ts).
 */
import { InvalidRequestError } from '../errors/errors.ts';
import { say } from '../errors/said.ts';
import { MalformedPictureError, withoutMetadata } from './metadata.ts';
import { checkPicture, MAX_PICTURE_BYTES, type PictureType, sniffPicture } from './picture-bytes.ts';

/** `b` as the picture that may leave (the same bytes when it carries no metadata), or a refusal that names `where` it was. */
export function cleanPicture(b: Uint8Array, where: string): { bytes: Uint8Array; type: PictureType } {
  if (b.byteLength > MAX_PICTURE_BYTES)
    throw new InvalidRequestError(say('imageTooLarge', { where, bytes: b.byteLength, limit: MAX_PICTURE_BYTES }));
  // What it is, first: a page or an SVG is said as such, not as a broken picture.
  if (!sniffPicture(b)) checkPicture(b, where);
  let bytes: Uint8Array;
  try {
    bytes = withoutMetadata(b).bytes;
  } catch (error) {
    if (!(error instanceof MalformedPictureError)) throw error;
    throw new InvalidRequestError(say(error.cut ? 'imageTruncated' : 'imageNotPicture', { where }));
  }
  // Whole once what follows its end (a phone's motion-photo video) is gone.
  return { bytes, type: checkPicture(bytes, where) };
}
