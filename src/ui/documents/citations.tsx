import { useSignal } from '@preact/signals';
import { sourceOf } from '../../runtime/page/documents/cite.ts';
import type { Passage } from '../../runtime/shared/documents/types.ts';
import { Dialog } from '../dialog/index.tsx';
import { text } from '../i18n/index.ts';
import './documents.css';

/** Under a reply: the passages it was given, numbered as it cites them; each opens to its full text. */
export function Citations({ sources }: { sources: readonly Passage[] }) {
  const t = text.value;
  const open = useSignal(false);
  const shown = useSignal<number | null>(null);
  const passage = shown.value === null ? undefined : sources[shown.value];
  return (
    <nav class="citations" aria-label={t.sources}>
      <span class="citations-label">{t.sources}:</span>
      <ol>
        {sources.map((p, i) => (
          <li key={`${p.documentId}:${p.chunk}`}>
            <button
              type="button"
              class="quiet"
              onClick={() => {
                shown.value = i;
                open.value = true;
              }}
            >
              {t.citation(i + 1, sourceOf(p))}
            </button>
          </li>
        ))}
      </ol>
      <Dialog open={open} title={passage && shown.value !== null ? t.passageTitle(shown.value + 1, sourceOf(passage)) : t.sources}>
        {passage && (
          <>
            <p class="hint">{t.passageWhere(passage.start, passage.end, passage.score.toFixed(2))}</p>
            <blockquote class="passage-text">{passage.text}</blockquote>
          </>
        )}
      </Dialog>
    </nav>
  );
}
