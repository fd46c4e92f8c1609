/** Splits extracted text into overlapping chunks at paragraph, sentence or word breaks, keeping positions. */
import type { ChunkText, ExtractedPart } from '../../shared/documents/types.ts';

export interface ChunkOptions {
  /** Characters a chunk aims for (about 250 tokens of English), and how many repeat in the next. */
  size?: number;
  overlap?: number;
}

/** The last good break in text[from, to): a blank line, then a sentence end, then a space. */
function breakBefore(text: string, from: number, to: number): number {
  const window = text.slice(from, to);
  for (const pattern of [/\n\s*\n/g, /[.!?。]\s/g, /\s/g]) {
    let last = -1;
    for (const m of window.matchAll(pattern)) if (m.index > window.length / 2) last = m.index + m[0].length;
    if (last > 0) return from + last;
  }
  return to;
}

export function chunkParts(parts: readonly ExtractedPart[], { size = 1000, overlap = 150 }: ChunkOptions = {}): ChunkText[] {
  const chunks: ChunkText[] = [];
  for (const part of parts) {
    const text = part.text;
    let start = 0;
    while (start < text.length) {
      while (start < text.length && /\s/.test(text[start] ?? '')) start++;
      if (start >= text.length) break;
      const end = start + size >= text.length ? text.length : breakBefore(text, start, start + size);
      const body = text.slice(start, end).trim();
      if (body) chunks.push({ text: body, page: part.page, start, end });
      if (end >= text.length) break;
      start = Math.max(end - overlap, start + 1);
      // Start the overlap at a word, not mid-word.
      const space = text.indexOf(' ', start);
      if (space > 0 && space < end) start = space + 1;
    }
  }
  return chunks;
}
