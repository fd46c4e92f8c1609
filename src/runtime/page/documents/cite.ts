/** How passages are named and put before the model: the same for this device and the cloud. */

import type { Passage } from '../../shared/documents/types.ts';
import type { ContentPart } from '../../shared/engine.ts';

/** "report.pdf, p. 3": where a passage came from. */
export function sourceOf(p: Pick<Passage, 'name' | 'page'>): string {
  return p.page === undefined ? p.name : `${p.name}, p. ${p.page}`;
}

/** The messages with the passages added to the system message, numbered as the reply cites them. */
export function withPassages<M extends { role: string; content?: string | ContentPart[] | null | undefined }>(
  messages: readonly M[],
  passages: readonly Passage[],
): M[] {
  if (!passages.length) return [...messages];
  const block =
    "Passages from the user's documents. Answer from them where they help, and cite each one you use by its number, like [1].\n\n" +
    passages.map((p, i) => `[${i + 1}] ${sourceOf(p)}:\n${p.text}`).join('\n\n');
  const [first, ...rest] = messages;
  if (first?.role === 'system') {
    const content = Array.isArray(first.content)
      ? [...first.content, { type: 'text', text: `\n\n${block}` }]
      : `${first.content ?? ''}\n\n${block}`;
    return [{ ...first, content }, ...rest];
  }
  return [{ role: 'system', content: block } as M, ...messages];
}
