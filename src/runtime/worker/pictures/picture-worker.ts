/**
 * Pictures made ready off the main thread: decoded (turned upright as the camera said), scaled down to
 * what a model takes, and encoded again, which leaves camera metadata (EXIF, GPS position, device) behind.
 */
import { expose } from 'comlink';
import { withoutMetadata } from '../../shared/pictures/metadata.ts';
import { toDataUrl } from '../../shared/pictures/picture-bytes.ts';

export interface Prepared {
  url: string;
  width: number;
  height: number;
}

/** Whether any pixel is see-through: such a picture stays PNG, a photo becomes JPEG. */
function transparent(g: OffscreenCanvasRenderingContext2D, width: number, height: number): boolean {
  const { data } = g.getImageData(0, 0, width, height);
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return true;
  return false;
}

const api = {
  /** `bytes` as a data: URL at most `maxSide` pixels on its longer side; throws when they do not decode. */
  async prepare(bytes: ArrayBuffer, maxSide: number): Promise<Prepared> {
    const bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'from-image' });
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
    g.imageSmoothingQuality = 'high';
    g.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const type = transparent(g, width, height) ? 'image/png' : 'image/jpeg';
    const blob = await canvas.convertToBlob({ type, quality: 0.9 });
    // The encoder adds a colour profile of its own: taken out here, so what is kept is what the session will send.
    return { url: toDataUrl(withoutMetadata(new Uint8Array(await blob.arrayBuffer())).bytes, type), width, height };
  },
};

export type PictureWorker = typeof api;

expose(api);
