/**
 * A vision model's files and pictures for llama.cpp: the projector (mmproj) downloaded and stored like
 * the model itself, and each picture as the bytes llama.cpp decodes, read from this device only.
 */
import { blobPicture } from '../content-parts.ts';
import type { ChatMessage, GgufModelSpec, ImagePart } from '../engine.ts';
import { dataUrlBytes } from '../picture-bytes.ts';

/** The projector as a model file of its own, so download, resume, checksum and storage treat it alike. */
export function projectorSpec(spec: GgufModelSpec): GgufModelSpec | null {
  if (!spec.mmproj) return null;
  const file = decodeURIComponent(new URL(spec.mmproj.url).pathname.split('/').pop() || 'mmproj.gguf');
  return { engine: 'llama.cpp', id: spec.mmproj.url, name: file, url: spec.mmproj.url, sha256: spec.mmproj.sha256, partOf: spec.url };
}

type LlamaPart = { type: 'text'; text: string } | { type: 'image'; data: ArrayBuffer };
export type LlamaMessage = Omit<ChatMessage, 'content' | 'parts'> & { content: string | LlamaPart[] };

/** Messages as wllama takes them: a message with pictures becomes text and picture bytes, in order. */
export function forLlama(messages: readonly ChatMessage[]): Promise<LlamaMessage[]> {
  return Promise.all(
    messages.map(async ({ parts, ...m }, i): Promise<LlamaMessage> => {
      if (!parts) return m;
      const content = await Promise.all(
        parts.map(
          async (p, j): Promise<LlamaPart> =>
            p.type === 'text' ? p : { type: 'image', data: await pictureBytes(p, `Message ${i + 1}, part ${j + 1}`) },
        ),
      );
      return { ...m, content };
    }),
  );
}

async function pictureBytes(part: ImagePart, where: string): Promise<ArrayBuffer> {
  // data: pictures were read and checked with the request; blob: ones are read here.
  const { bytes, type } = part.image_url.url.startsWith('data:')
    ? { bytes: dataUrlBytes(part.image_url.url), type: part.image_url.url.slice(5, part.image_url.url.indexOf(';')) }
    : await blobPicture(part, where);
  // llama.cpp decodes PNG, JPEG and GIF (stb_image), not WebP: that one is drawn again as PNG first.
  if (type !== 'image/webp') return bytes.slice().buffer;
  const bitmap = await createImageBitmap(new Blob([bytes.slice()], { type }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}
