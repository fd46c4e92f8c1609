/**
 * A PDF's text layer, page by page, through pdf.js in its own worker. Loaded only when a PDF is
 * attached; pdf.js is told never to evaluate code or fetch fonts, so it reads and runs nothing else.
 */

import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url&no-inline';
import type { ExtractedPart } from '../../shared/documents/types.ts';
import { DocumentError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';

export async function pdfParts(bytes: Uint8Array, name: string): Promise<ExtractedPart[]> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const task = pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  let pdf: Awaited<typeof task.promise>;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    const kind = error instanceof Error ? error.name : '';
    if (kind === 'PasswordException') throw new DocumentError(say('documentPassword', { name }), { reason: 'encrypted' });
    throw new DocumentError(say('documentBadPdf', { name, reason: error instanceof Error ? error.message : String(error) }), {
      reason: 'unreadable',
    });
  }
  try {
    const parts: ExtractedPart[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      const content = await (await pdf.getPage(page)).getTextContent();
      let text = '';
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      parts.push({ page, text });
    }
    return parts;
  } finally {
    await pdf.destroy();
  }
}
