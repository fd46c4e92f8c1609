/**
 * Every picture of a request, made safe to leave the page once, for every face and engine: read from
 * this page (a blob: URL becomes a data: URL), checked for what its bytes are, and without its
 * metadata (EXIF with GPS, device and time, XMP, IPTC, comments, text chunks; see shared/pictures/metadata.ts).
 */
import type { ChatRequest, ContentPart, ImagePart, RequestMessage } from '../../shared/engine.ts';
import { InvalidRequestError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { cleanPicture } from '../../shared/pictures/clean.ts';
import { dataUrlBytes, toDataUrl } from '../../shared/pictures/picture-bytes.ts';

/** A conversation sends its pictures again with each turn: the last ones cleaned are kept, so each is read once. */
const cleaned = new Map<string, string>();
const KEEP = 32;

const BASE64 = /^data:[^,]*;base64,/;

/** The picture at `url` as a data: URL without metadata; `https:` pictures are the cloud's to fetch and stay as they are. */
async function cleanUrl(url: string, where: string): Promise<string> {
  if (url.startsWith('https:')) return url;
  const known = cleaned.get(url);
  if (known) return known;
  const bytes = url.startsWith('blob:') ? await blobBytes(url) : BASE64.test(url) ? dataUrlBytes(url) : null;
  // A percent-encoded data: URL is left to the request check, which says what is wrong with it.
  if (!bytes) return url;
  const { bytes: clean, type } = cleanPicture(bytes, where);
  const result = clean === bytes && url.startsWith(`data:${type};`) ? url : toDataUrl(clean, type);
  if (cleaned.size >= KEEP) cleaned.delete(cleaned.keys().next().value as string);
  cleaned.set(url, result);
  return result;
}

async function blobBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url).catch(() => {
    throw new InvalidRequestError(say('imageBlobGone'));
  });
  return new Uint8Array(await response.arrayBuffer());
}

async function cleanPart(part: ContentPart, where: string): Promise<ContentPart> {
  // Anything but a picture with an address is the request check's to word.
  if (part?.type !== 'image_url' || typeof (part as ImagePart).image_url?.url !== 'string') return part;
  const url = await cleanUrl(part.image_url.url, where);
  return url === part.image_url.url ? part : { ...part, image_url: { ...part.image_url, url } };
}

/** `request` with each picture cleaned; a request without pictures comes back as it is. */
export async function withCleanPictures(request: ChatRequest): Promise<ChatRequest> {
  if (!request.messages.some((m) => Array.isArray(m?.content))) return request;
  const messages = await Promise.all(
    request.messages.map(async (m, i): Promise<RequestMessage> => {
      if (!Array.isArray(m?.content)) return m;
      const content = await Promise.all(m.content.map((p, j) => cleanPart(p, `Message ${i + 1}, part ${j + 1}`)));
      return content.every((p, j) => p === (m.content as ContentPart[])[j]) ? m : { ...m, content };
    }),
  );
  return { ...request, messages };
}
