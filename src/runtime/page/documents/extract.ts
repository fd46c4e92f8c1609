/**
 * Text from a user's file, read in this page: plain text, Markdown, HTML (its visible text) and PDF
 * (its text layer). Every file that cannot be read gets its own reason, and nothing is kept of it.
 */

import type { DocumentKind, ExtractedPart } from '../../shared/documents/types.ts';
import { DocumentError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';

/** Larger files are refused before they are read: the index is for documents, not archives. */
export const MAX_DOCUMENT_BYTES = 50e6;

export const ACCEPTED = '.txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf';

export function kindOf(file: { name: string; type: string }): DocumentKind | null {
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'pdf' || file.type === 'application/pdf') return 'pdf';
  if (ext === 'md' || ext === 'markdown' || file.type === 'text/markdown') return 'markdown';
  if (ext === 'html' || ext === 'htm' || file.type === 'text/html') return 'html';
  if (ext === 'txt' || file.type === 'text/plain') return 'text';
  return null;
}

/** Text the file's bytes decode to, or a refusal when they are not text (a binary file renamed .txt). */
function decodeText(bytes: Uint8Array, name: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = '';
  }
  // NUL or many control characters: not text, whatever its name says.
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 9 || (code > 13 && code < 32)) control++;
  }
  if (!text || control > sample.length / 100) throw new DocumentError(say('documentBinary', { name }), { reason: 'binary' });
  return text.replace(/^\uFEFF/, '');
}

const BLOCKS = 'p,div,li,tr,h1,h2,h3,h4,h5,h6,br,section,article,header,footer,blockquote,pre,table,ul,ol,dd,dt';

/** The visible text of an HTML document; scripts, styles and templates are dropped, never run. */
function htmlText(source: string): string {
  const doc = new DOMParser().parseFromString(source, 'text/html');
  for (const el of doc.querySelectorAll('script,style,noscript,template,iframe,object,svg')) el.remove();
  for (const el of doc.querySelectorAll(BLOCKS)) el.append('\n\n');
  const title = doc.title.trim();
  const body = (doc.body?.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\n\s*\n\s*/g, '\n\n');
  return title && !body.includes(title) ? `${title}\n\n${body}` : body;
}

export async function extractDocument(file: File): Promise<{ kind: DocumentKind; parts: ExtractedPart[] }> {
  const kind = kindOf(file);
  if (!kind) throw new DocumentError(say('documentKind', { name: file.name }), { reason: 'unsupported' });
  if (file.size === 0) throw new DocumentError(say('documentEmpty', { name: file.name }), { reason: 'empty' });
  if (file.size > MAX_DOCUMENT_BYTES)
    throw new DocumentError(say('documentTooLarge', { name: file.name, bytes: file.size, limit: MAX_DOCUMENT_BYTES }), {
      reason: 'too-large',
      bytes: file.size,
    });
  const bytes = new Uint8Array(await file.arrayBuffer());
  let parts: ExtractedPart[];
  if (kind === 'pdf') {
    if (new TextDecoder().decode(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0)
      throw new DocumentError(say('documentFakePdf', { name: file.name }), { reason: 'unreadable' });
    const { pdfParts } = await import('./pdf-text.ts');
    parts = await pdfParts(bytes, file.name);
    if (!parts.some((p) => p.text.trim())) throw new DocumentError(say('documentScanned', { name: file.name }), { reason: 'no-text' });
  } else {
    const text = decodeText(bytes, file.name);
    parts = [{ text: kind === 'html' ? htmlText(text) : text }];
    if (!parts[0]?.text.trim()) throw new DocumentError(say('documentNoText', { name: file.name }), { reason: 'no-text' });
  }
  return { kind, parts };
}
