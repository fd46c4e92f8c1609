import { InvalidModelError } from '../../shared/errors/errors.ts';
import { inEnglish, type Said, say } from '../../shared/errors/said.ts';
import { GgufFormatError, type GgufHeader, GgufNeedMoreBytes, hasGgufMagic, parseGgufHeader } from './gguf.ts';

/** Headers past this size are not plausible; a vocabulary of 256k tokens takes a few MB. */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;

/** Says what a non-GGUF file looks like, so the user knows which link to use instead. */
export function notGgufSaid(first: Uint8Array, contentType: string | null, name: string): Said {
  // Binary that happens to start with "{" or "<" is not JSON or a page: only text is judged by its first character.
  const text = textOf(first.subarray(0, 256))?.trimStart().toLowerCase() ?? '';
  if (contentType?.includes('text/html') || text.startsWith('<')) {
    return say('webPage', { name });
  }
  if (contentType?.includes('json') || text.startsWith('{') || text.startsWith('[')) {
    return say('jsonNotModel', { name });
  }
  return say('notGguf', { name });
}

/** A control character other than tab, line feed, form feed and carriage return: text files do not hold them. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x09 || (code > 0x0d && code < 0x20) || code === 0x7f;
}

/** The bytes as text, or null when they are not UTF-8 text (invalid sequences, or control characters other than whitespace). */
function textOf(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return [...text].some(isControl) ? null : text;
  } catch {
    return null;
  }
}

/** The same, in English. */
export const describeNotGguf = (first: Uint8Array, contentType: string | null, name: string): string =>
  inEnglish(notGgufSaid(first, contentType, name));

/**
 * Checks a model file as it streams in: rejects a non-GGUF file from its first bytes and parses the
 * header as soon as enough has arrived, so a truncated file is caught before it is fully downloaded.
 */
export class GgufSniffer {
  private parts: Uint8Array[] = [];
  private buffered = 0;
  private nextTry = 4;
  header: GgufHeader | null = null;
  private readonly name: string;
  private readonly contentType: string | null;

  constructor(name: string, contentType: string | null) {
    this.name = name;
    this.contentType = contentType;
  }

  /** Feed the next bytes of the file. @throws InvalidModelError */
  push(bytes: Uint8Array): void {
    if (this.header) return;
    this.parts.push(bytes);
    this.buffered += bytes.byteLength;
    if (this.buffered >= this.nextTry) this.tryParse(false);
  }

  /** Call at the end of the file. @throws InvalidModelError when no whole header arrived */
  finish(): GgufHeader {
    if (!this.header) this.tryParse(true);
    return this.header as GgufHeader;
  }

  private tryParse(atEnd: boolean): void {
    const all = this.parts.length === 1 ? (this.parts[0] as Uint8Array) : concat(this.parts, this.buffered);
    this.parts = [all];
    if (all.byteLength >= 4 && !hasGgufMagic(all)) {
      throw new InvalidModelError(notGgufSaid(all, this.contentType, this.name), { reason: 'not-gguf' });
    }
    try {
      this.header = parseGgufHeader(all);
      this.parts = [];
    } catch (error) {
      if (error instanceof GgufFormatError) {
        throw new InvalidModelError(say('damagedGguf', { name: this.name, reason: error.message }), {
          reason: 'damaged',
        });
      }
      if (!(error instanceof GgufNeedMoreBytes)) throw error;
      if (atEnd) {
        throw new InvalidModelError(say('headerTruncated', { name: this.name, received: all.byteLength }), { reason: 'truncated' });
      }
      if (this.buffered > MAX_HEADER_BYTES) {
        throw new InvalidModelError(say('headerTooLarge', { name: this.name }), { reason: 'damaged' });
      }
      this.nextTry = Math.max(this.buffered * 2, 64 * 1024);
    }
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Reads the header of a stored model, fetching more of the Blob only while the header needs it. */
export async function readGgufHeader(blob: Blob, name: string): Promise<GgufHeader> {
  for (let size = 1 << 20; ; size *= 2) {
    const sniffer = new GgufSniffer(name, null);
    const bytes = new Uint8Array(await blob.slice(0, size).arrayBuffer());
    sniffer.push(bytes);
    if (sniffer.header) return sniffer.header;
    if (size >= blob.size) return sniffer.finish();
  }
}
