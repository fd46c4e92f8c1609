import { useSignal } from '@preact/signals';
import { generating } from '../../state/chat.ts';
import { cloudSideOf } from '../../state/compare.ts';
import { active, exportConversations, persist, removeConversation, renameConversation, saveProblem } from '../../state/conversations.ts';
import { DocumentsPanel } from '../documents/index.tsx';
import { formatUsd } from '../format.ts';
import { text } from '../i18n/index.ts';
import './conversation-header.css';

/** The open conversation: its title and actions, its system prompt, and any problem saving it. */
export function ConversationHeader() {
  const t = text.value;
  const c = active.value;
  const renaming = useSignal<string | null>(null);
  const title = c.title.value || t.untitled;
  const saved = c.messages.value.length > 0;
  const labels = { you: t.you, assistant: t.assistant, system: t.systemPrompt, alternative: t.comparedReply, picture: t.pictureAlt };
  // Every cloud reply was paid for, kept or not; compared turns also say what the cloud would have cost.
  const replies = c.messages.value.flatMap((m) => [m, ...(m.alternative.value ? [m.alternative.value] : [])]);
  const cloudCost = replies.reduce((sum, m) => sum + (m.meta.value?.costUsd ?? 0), 0);
  const compared = c.messages.value.filter((m) => m.alternative.value);
  const comparedCost = compared.reduce((sum, m) => sum + (cloudSideOf(m)?.meta.value?.costUsd ?? 0), 0);
  const comparedModel = compared.map((m) => cloudSideOf(m)?.via.value?.model).find(Boolean);
  return (
    <div class="conversation-header">
      {saveProblem.value && (
        <p class="save-problem" role="alert">
          {t.saveFailed(t.say(saveProblem.value))}{' '}
          <button type="button" class="secondary" onClick={() => void persist()}>
            {t.retrySave}
          </button>
        </p>
      )}
      <div class="title-row">
        {renaming.value === null ? (
          <h2>{title}</h2>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void renameConversation(c.id, renaming.value ?? '');
              renaming.value = null;
            }}
          >
            <input
              aria-label={t.renameTo(title)}
              value={renaming.value}
              onInput={(e) => (renaming.value = e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') renaming.value = null;
              }}
              ref={(el) => el?.focus()}
            />
            <button type="submit">{t.rename}</button>
          </form>
        )}
        {saved && renaming.value === null && (
          <div class="conversation-actions">
            <button type="button" class="quiet" onClick={() => (renaming.value = c.title.value)} aria-label={t.renameTo(title)}>
              {t.rename}
            </button>
            <button
              type="button"
              class="quiet"
              onClick={() => void exportConversations(c.id, 'json', labels)}
              aria-label={t.exportConversation(title, 'JSON')}
            >
              {t.exportJson}
            </button>
            <button
              type="button"
              class="quiet"
              onClick={() => void exportConversations(c.id, 'md', labels)}
              aria-label={t.exportConversation(title, 'Markdown')}
            >
              {t.exportMarkdown}
            </button>
            <button
              type="button"
              class="quiet"
              disabled={generating.value}
              aria-label={t.deleteConversation(title)}
              onClick={() => {
                if (confirm(t.confirmDeleteConversation(title))) void removeConversation(c.id);
              }}
            >
              {t.deleteMessage}
            </button>
          </div>
        )}
      </div>
      {cloudCost > 0 && <p class="cloud-cost">{t.conversationCost(formatUsd(cloudCost))}</p>}
      {compared.length > 0 && comparedModel && (
        <p class="cloud-cost" data-compared-cost={comparedCost}>
          {t.comparedTotal(formatUsd(comparedCost), comparedModel, compared.length)}
        </p>
      )}
      <details class="system-prompt">
        <summary>{t.systemPrompt}</summary>
        <textarea
          aria-label={t.systemPrompt}
          rows={3}
          value={c.systemPrompt.value}
          onInput={(e) => (c.systemPrompt.value = e.currentTarget.value)}
          onBlur={() => void persist()}
        />
      </details>
      <DocumentsPanel />
    </div>
  );
}
