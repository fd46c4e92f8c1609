/**
 * A vision model's files and pictures for llama.cpp: the projector (mmproj) downloaded and stored like
 * the model itself, and each picture as the bytes llama.cpp decodes, read from this device only.
 */
import type { ChatMessage, GgufModelSpec, ImagePart } from '../../../shared/engine.ts';
import { InvalidModelError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import { dataUrlBytes } from '../../../shared/pictures/picture-bytes.ts';
import { type GgufHeader, metaString } from '../../gguf/gguf.ts';

/** The projector as a model file of its own, so download, resume, checksum and storage treat it alike. */
export function projectorSpec(spec: GgufModelSpec): GgufModelSpec | null {
  if (!spec.mmproj) return null;
  const last = new URL(spec.mmproj.url).pathname.split('/').pop() || 'mmproj.gguf';
  let file = last;
  try {
    file = decodeURIComponent(last);
  } catch {} // a stray % in the address: the name as written
  return { engine: 'llama.cpp', id: spec.mmproj.url, name: file, url: spec.mmproj.url, sha256: spec.mmproj.sha256, partOf: spec.url };
}

/** Refuses, from its header, a file given as the projector that is not one (the model itself twice, say): nothing of it is kept. */
export function refuseNonProjector(projector: GgufModelSpec) {
  return (header: GgufHeader) => {
    const arch = metaString(header, 'general.architecture') ?? '';
    if (arch !== 'clip') throw new InvalidModelError(say('notProjector', { name: projector.name, arch }), { url: projector.url });
  };
}

type LlamaPart = { type: 'text'; text: string } | { type: 'image'; data: ArrayBuffer };
type LlamaMessage = Omit<ChatMessage, 'content' | 'parts'> & { content: string | LlamaPart[] };

/** Messages as wllama takes them: a message with pictures becomes text and picture bytes, in order (pictures are data: URLs by now). */
export function forLlama(messages: readonly ChatMessage[]): Promise<LlamaMessage[]> {
  return Promise.all(
    messages.map(async ({ parts, ...m }): Promise<LlamaMessage> => {
      if (!parts) return m;
      const content = await Promise.all(
        parts.map(async (p): Promise<LlamaPart> => (p.type === 'text' ? p : { type: 'image', data: await pictureBytes(p) })),
      );
      return { ...m, content };
    }),
  );
}

async function pictureBytes({ image_url: { url } }: ImagePart): Promise<ArrayBuffer> {
  const bytes = dataUrlBytes(url);
  // llama.cpp decodes PNG, JPEG and GIF (stb_image), not WebP: that one is drawn again as PNG first.
  if (!url.startsWith('data:image/webp;')) return bytes.buffer;
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/webp' }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}
