import { useComputed, useSignal } from '@preact/signals';
import { saidOf } from '../../runtime/shared/errors/said.ts';
import { generating } from '../../state/chat.ts';
import {
  active,
  conversations,
  exportConversations,
  importConversations,
  openConversation,
  searchConversations,
  startConversation,
  unreadableConversations,
} from '../../state/conversations.ts';
import { ownDocuments } from '../../state/documents.ts';
import { text } from '../i18n/index.ts';
import './sidebar.css';

interface Props {
  /** Called after a conversation is opened or started, and by Close: on a narrow screen the panel then closes. */
  onNavigate?: () => void;
}

/** Saved conversations: start, search, open, export all, import. */
export function Sidebar({ onNavigate }: Props) {
  const t = text.value;
  const query = useSignal('');
  const notice = useSignal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const shown = useComputed(() => searchConversations(conversations.value, query.value));
  const labels = { you: t.you, assistant: t.assistant, system: t.systemPrompt, alternative: t.comparedReply, picture: t.pictureAlt };
  const date = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium' });

  const onImport = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      notice.value = { kind: 'ok', text: t.imported(await importConversations(file)) };
    } catch (error) {
      notice.value = { kind: 'error', text: t.importFailed(t.say(saidOf(error))) };
    }
  };

  return (
    <nav class="sidebar" aria-label={t.conversations} onKeyDown={(e) => e.key === 'Escape' && onNavigate?.()}>
      <div class="sidebar-head">
        <h2>{t.conversations}</h2>
        <button type="button" class="secondary close-sidebar" onClick={() => onNavigate?.()}>
          {t.close}
        </button>
      </div>
      <button
        type="button"
        disabled={generating.value}
        onClick={() => {
          startConversation();
          onNavigate?.();
          document.getElementById('composer-input')?.focus();
        }}
      >
        {t.newChat}
      </button>
      <input
        type="search"
        aria-label={t.searchConversations}
        placeholder={t.searchConversations}
        value={query.value}
        onInput={(e) => (query.value = e.currentTarget.value)}
      />
      {shown.value.length === 0 ? (
        <p class="empty">{conversations.value.length === 0 ? t.noConversations : t.noMatches}</p>
      ) : (
        <ul aria-label={t.conversations}>
          {shown.value.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                class="conversation-link"
                aria-current={c.id === active.value.id ? 'page' : undefined}
                disabled={generating.value}
                onClick={async () => {
                  await openConversation(c.id);
                  onNavigate?.();
                }}
              >
                {/* Untitled until its first message; one with only documents goes by its first file's name. */}
                <span class="title">{c.title || ownDocuments(c.id)[0]?.name || t.untitled}</span>
                <span class="date">{date.format(c.updatedAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {unreadableConversations.value > 0 && <p class="note">{t.unreadable(unreadableConversations.value)}</p>}
      <div class="sidebar-tools">
        <button type="button" class="secondary" onClick={() => void exportConversations(null, 'json', labels)}>
          {t.exportAllJson}
        </button>
        <button type="button" class="secondary" onClick={() => void exportConversations(null, 'md', labels)}>
          {t.exportAllMarkdown}
        </button>
        <label class="file-button">
          {t.importJson}
          <input type="file" accept="application/json,.json" onChange={(e) => void onImport(e.currentTarget)} />
        </label>
      </div>
      {notice.value && (
        <p class={`notice ${notice.value.kind}`} role={notice.value.kind === 'error' ? 'alert' : 'status'}>
          {notice.value.text}
        </p>
      )}
    </nav>
  );
}
