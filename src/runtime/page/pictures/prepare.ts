/**
 * A picture the user attaches, made ready to keep and send: its bytes checked for what they are, then
 * scaled and re-encoded in a worker (no camera metadata survives), and room for it checked before it is stored.
 */
import { type Remote, transfer, wrap } from 'comlink';
import { InvalidRequestError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { cleanPicture } from '../../shared/pictures/clean.ts';
import { MAX_PICTURE_BYTES } from '../../shared/pictures/picture-bytes.ts';
import { ensureRoom } from '../../shared/store/storage-check.ts';
import type { PictureWorker } from '../../worker/pictures/picture-worker.ts';
import type { StoredPicture } from '../conversations/conversation.ts';

/** The longer side a picture is kept at: Phi-3.5-vision reads up to 4 × 336 pixels across, and larger only costs tokens. */
export const MAX_SIDE = 1344;

/** The bytes' own ArrayBuffer, to move to the worker (a copy only when they are a view into a larger one). */
const own = (bytes: Uint8Array): ArrayBuffer =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;

let worker: Remote<PictureWorker> | null = null;
const pictureWorker = () =>
  (worker ??= wrap<PictureWorker>(
    new Worker(new URL('../../worker/pictures/picture-worker.ts', import.meta.url), { type: 'module', name: 'pictures' }),
  ));

/** `file` ready to attach, or a clear refusal that names it (not a picture, an SVG, cut short, too large, no room). */
export async function preparePicture(file: Blob, name: string): Promise<StoredPicture> {
  // Known from its size before a byte is read: a 60 MB photo is never loaded into memory.
  if (file.size > MAX_PICTURE_BYTES)
    throw new InvalidRequestError(say('imageTooLarge', { where: name, bytes: file.size, limit: MAX_PICTURE_BYTES }));
  // Checked as the session will check it: a photo with a video after its end is a photo.
  const buffer = own(cleanPicture(new Uint8Array(await file.arrayBuffer()), name).bytes);
  const picture = await pictureWorker()
    .prepare(transfer(buffer, [buffer]), MAX_SIDE)
    .catch(() => {
      // Whole by its markers, yet the browser cannot decode it: as unreadable as any other non-picture.
      throw new InvalidRequestError(say('imageNotPicture', { where: name }));
    });
  await ensureRoom(picture.url.length * 2, name, 0, 'attach');
  return picture;
}
