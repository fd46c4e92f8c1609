import { useSignal } from '@preact/signals';
import { ACCEPTED } from '../../runtime/page/documents/extract.ts';
import type { EmbeddingModelSpec } from '../../runtime/shared/engine.ts';
import { type Said, saidOf } from '../../runtime/shared/errors/said.ts';
import { downloadBytes } from '../../runtime/shared/models/catalog.ts';
import { active, persist } from '../../state/conversations.ts';
import {
  attachFiles,
  cancelIndexing,
  documentProblems,
  documentsOf,
  type Indexing,
  indexing,
  removeDocument,
} from '../../state/documents.ts';
import { embeddingModel } from '../../state/embedding-model.ts';
import { formatRate } from '../format.ts';
import type { Messages } from '../i18n/en.ts';
import { text } from '../i18n/index.ts';
import './documents.css';

function progressOf(t: Messages, i: Indexing): string {
  if (i.phase === 'reading') return t.indexingReading(i.name);
  if (i.phase === 'model') {
    const p = i.progress;
    const bytes = p ? `${t.bytes(p.loadedBytes)}${p.totalBytes ? t.ofBytes(t.bytes(p.totalBytes)) : ''}` : '';
    return t.indexingModel(i.name, bytes);
  }
  if (i.phase === 'saving') return t.indexingSaving(i.name);
  const speed = i.perSecond ? ` · ${t.indexingRate(formatRate(i.perSecond), t.duration((i.total - i.done) / i.perSecond))}` : '';
  return t.indexingEmbed(i.name, i.done, i.total) + speed;
}

/** The conversation's documents and the library's: attach, watch indexing, see what failed and why, delete. */
export function DocumentsPanel() {
  const t = text.value;
  const c = active.value;
  const toLibrary = useSignal(false);
  const list = documentsOf(c.id);
  const busy = indexing.value;
  // A bad ?embed= is said here (and again by each attach), never a blank screen.
  let model: EmbeddingModelSpec | null = null;
  let modelProblem: Said | null = null;
  try {
    model = embeddingModel();
  } catch (error) {
    modelProblem = saidOf(error);
  }
  const size = model ? downloadBytes(model) : undefined;
  return (
    <details class="documents">
      <summary>{list.length ? t.documentsCount(list.length) : t.documents}</summary>
      <p class="hint">{t.documentsPrivacy}</p>
      {model && <p class="hint">{t.embeddingModelNote(model.name, size ? `${model.sizeBytes ? '' : '≈ '}${t.bytes(size)}` : null)}</p>}
      {modelProblem && (
        <p class="error" role="alert">
          {modelProblem}
        </p>
      )}
      <div class="documents-actions">
        <label class="file-button">
          {t.attachDocuments}
          <input
            type="file"
            multiple
            accept={ACCEPTED}
            onChange={(e) => {
              const input = e.currentTarget;
              const files = [...(input.files ?? [])];
              input.value = '';
              const library = toLibrary.value;
              // A conversation with documents is saved even before its first message, so they can be found again.
              void attachFiles(files, library ? null : c.id).then(() => (library ? undefined : persist(c)));
            }}
          />
        </label>
        <label class="check">
          <input type="checkbox" checked={toLibrary.value} onChange={(e) => (toLibrary.value = e.currentTarget.checked)} />
          {t.attachToLibrary}
        </label>
      </div>
      {busy && (
        <p class="indexing" role="status">
          {progressOf(t, busy)}{' '}
          <button type="button" class="quiet" onClick={cancelIndexing}>
            {t.cancelIndexing}
          </button>
        </p>
      )}
      {documentProblems.value.map((p, i) => (
        <p class="error" role="alert" key={`${p.name}-${i}`}>
          {t.documentProblem(p.name, t.say(p.said))}{' '}
          <button type="button" class="quiet" onClick={() => (documentProblems.value = documentProblems.value.filter((_, j) => j !== i))}>
            {t.dismiss}
          </button>
        </p>
      ))}
      {list.length ? (
        <ul class="document-list">
          {list.map((d) => (
            <li key={d.id} data-document-id={d.id}>
              <span class="document-name">{d.name}</span>
              {d.conversationId === null && <span class="badge">{t.inLibrary}</span>}
              <span class="document-meta">{t.documentMeta(t.bytes(d.bytes), d.pages ?? null, d.chunks)}</span>
              <button type="button" class="quiet" aria-label={t.deleteDocument(d.name)} onClick={() => void removeDocument(d.id)}>
                {t.deleteMessage}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">{t.noDocumentsYet}</p>
      )}
    </details>
  );
}
