/**
 * Messages given as OpenAI's content parts: text and pictures. Checked once for every engine; an engine
 * that cannot see refuses a picture by name, and a local engine never fetches one from the web.
 */
import type { ChatMessage, ContentPart, ImagePart, RequestMessage } from '../chat-types.ts';
import { InvalidRequestError, UnsupportedFeatureError } from '../errors/errors.ts';
import { say } from '../errors/said.ts';
import { checkPicture, dataUrlBytes, type PictureType, toDataUrl } from '../pictures/picture-bytes.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DETAILS = new Set(['auto', 'low', 'high']);
const BASE64 = /^data:[^,]*;base64,[A-Za-z0-9+/]*={0,2}$/;

/** A message's parts checked; its text joined, and the parts kept only when there is a picture among them. */
export function checkParts(m: RequestMessage, at: string): Pick<ChatMessage, 'content' | 'parts'> {
  // A copy: the caller's request is read, never changed.
  const parts = [...(m.content as unknown[])];
  if (parts.length === 0) throw new InvalidRequestError(`${at} has an empty list of content parts.`);
  const texts: string[] = [];
  let pictures = 0;
  for (const [j, part] of parts.entries()) {
    const where = `${at}, part ${j + 1}`;
    if (isObject(part) && part.type === 'text') {
      if (typeof part.text !== 'string') throw new InvalidRequestError(`${where} is {type: "text"} without text.`);
      texts.push(part.text);
    } else if (isObject(part) && part.type === 'image_url') {
      if (m.role !== 'user')
        throw new InvalidRequestError(`${where} is a picture in a ${m.role} message: only user messages carry pictures.`);
      parts[j] = checkImage(part as unknown as ImagePart, where);
      pictures++;
    } else {
      const type = isObject(part) ? String(part.type) : typeof part;
      throw new InvalidRequestError(`${where} is of type "${type}"; use {type: "text", text} or {type: "image_url", image_url: {url}}.`);
    }
  }
  const content = texts.join('\n');
  return pictures ? { content, parts: parts as ContentPart[] } : { content };
}

/** A picture part checked; a data: picture's bytes are read, and its URL says the type they are. */
function checkImage(part: ImagePart, where: string): ImagePart {
  const image = part.image_url;
  if (!isObject(image) || typeof image.url !== 'string') throw new InvalidRequestError(`${where} needs image_url: {url}.`);
  if (image.detail !== undefined && !DETAILS.has(image.detail)) {
    throw new InvalidRequestError(`${where}: detail "${String(image.detail)}" is not one of auto, low or high.`);
  }
  const { url } = image;
  if (!url.startsWith('data:')) {
    if (!/^(blob|https):/.test(url)) throw new InvalidRequestError(say('imageScheme', { where, scheme: url.split(':')[0] ?? '' }));
    return part;
  }
  const type = checkPicture(BASE64.test(url) ? dataUrlBytes(url) : percentDecoded(url.slice(url.indexOf(',') + 1)), where);
  const declared = url.slice(5, url.indexOf(';'));
  return declared === type ? part : { ...part, image_url: { ...image, url: `data:${type}${url.slice(url.indexOf(';'))}` } };
}

/** A data: URL's percent-encoded payload as bytes; malformed encoding reads as what it is, text. */
function percentDecoded(payload: string): Uint8Array {
  try {
    return new TextEncoder().encode(decodeURIComponent(payload));
  } catch {
    return new TextEncoder().encode(payload);
  }
}

/** A message's text, whether given as a string or as parts (pictures are counted apart). */
export function textOf(content: RequestMessage['content']): string | null | undefined {
  if (!Array.isArray(content)) return content;
  return content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n');
}

const picturesIn = (messages: readonly ChatMessage[]): ImagePart[] =>
  messages.flatMap((m) => (m.parts ?? []).filter((p): p is ImagePart => p.type === 'image_url'));

/**
 * A local engine's pictures, checked before anything runs: a model that cannot see refuses them by name
 * rather than answer without them, and one that sees reads them from this device only (an `https:`
 * picture would be a request the user never saw leave). Returns the messages with every picture inlined.
 */
export async function localPictures(
  messages: ChatMessage[],
  { engine, model, sees }: { engine: string; model: string; sees: boolean },
): Promise<ChatMessage[]> {
  const pictures = picturesIn(messages);
  if (pictures.length === 0) return messages;
  if (!sees) {
    throw new UnsupportedFeatureError(say('imageInput', { engine, model }), {
      feature: 'image input',
      engine,
      model,
      nextSteps: ['vision', 'cloud'],
    });
  }
  const web = pictures.find((p) => p.image_url.url.startsWith('https:'));
  if (web) throw new InvalidRequestError(say('imageFromWeb', { host: new URL(web.image_url.url).host }));
  // Read here, where each picture's place in the request is still the caller's: engines then get data: URLs only.
  return inlinePictures(messages);
}

/** `blob:` pictures as `data:` URLs, for a server that cannot read this page's blobs; their bytes checked as any picture's. */
export async function inlinePictures(messages: ChatMessage[]): Promise<ChatMessage[]> {
  return Promise.all(
    messages.map(async (m, i) => {
      if (!m.parts?.some((p) => p.type === 'image_url' && p.image_url.url.startsWith('blob:'))) return m;
      const parts = await Promise.all(
        m.parts.map(async (p, j) => {
          if (p.type !== 'image_url' || !p.image_url.url.startsWith('blob:')) return p;
          const { bytes, type } = await blobPicture(p, `Message ${i + 1}, part ${j + 1}`);
          return { ...p, image_url: { ...p.image_url, url: toDataUrl(bytes, type) } };
        }),
      );
      return { ...m, parts };
    }),
  );
}

/** A `blob:` picture's bytes and their type, read from this page (or its worker) and checked. */
async function blobPicture(part: ImagePart, where: string): Promise<{ bytes: Uint8Array; type: PictureType }> {
  const blob = await fetch(part.image_url.url).then(
    (r) => r.blob(),
    () => {
      throw new InvalidRequestError(say('imageBlobGone'));
    },
  );
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return { bytes, type: checkPicture(bytes, where) };
}
