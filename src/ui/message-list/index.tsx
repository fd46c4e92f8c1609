import { computed, signal, useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { ReplyMeta } from '../../runtime/page/conversations/conversation.ts';
import { deleteMessage, editAndResend, generating, type Message, type MessageState, regenerate } from '../../state/chat.ts';
import { openCompare } from '../../state/compare.ts';
import { active } from '../../state/conversations.ts';
import { session } from '../../state/runtime.ts';
import { Alternatives } from '../alternatives/index.tsx';
import { ComparePair } from '../compare/compare-pair.tsx';
import { Citations } from '../documents/citations.tsx';
import { formatRate, formatUsd } from '../format.ts';
import type { Messages } from '../i18n/en.ts';
import { text } from '../i18n/index.ts';
import { Markdown } from '../markdown/index.tsx';
import { Welcome } from '../welcome/index.tsx';
import { MessagePictures } from './pictures.tsx';
import './message-list.css';

/** The message being edited; set from outside by "Up edits the last message". */
export const editing = signal<string | null>(null);

const STATE_NOTE: Partial<Record<MessageState, keyof Messages>> = { stopped: 'stateStopped', length: 'stateLength', error: 'stateError' };

/** Dollars as people read small amounts: two significant digits below a cent. */

function stats(t: Messages, meta: ReplyMeta): string {
  return [
    meta.model,
    meta.engine,
    t.tokens(meta.usage.completion_tokens),
    meta.costUsd !== undefined ? t.cost(formatUsd(meta.costUsd)) : '',
    // Local engines say how much of the prompt they did not read again; the cloud's cache is its own business.
    meta.engine !== 'cloud' && meta.usage.prompt_tokens_details
      ? t.reusedTokens(meta.usage.prompt_tokens_details.cached_tokens, meta.usage.prompt_tokens)
      : '',
    meta.prefillMs !== undefined
      ? t.prefillTime(meta.prefillMs, meta.prefillTokensPerSecond ? formatRate(meta.prefillTokensPerSecond) : null)
      : meta.prefillTokensPerSecond
        ? t.prefillRate(formatRate(meta.prefillTokensPerSecond))
        : '',
    meta.decodeTokensPerSecond ? t.decodeRate(formatRate(meta.decodeTokensPerSecond)) : '',
    meta.timeToFirstTokenMs !== undefined ? t.firstToken(meta.timeToFirstTokenMs) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function EditBox({ message }: { message: Message }) {
  const t = text.value;
  const draft = useSignal(message.content.value);
  const box = useRef<HTMLTextAreaElement>(null);
  useSignalEffect(() => {
    box.current?.focus();
  });
  const save = () => {
    editing.value = null;
    void editAndResend(message.id, draft.value);
  };
  return (
    <form
      class="edit-box"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <textarea
        ref={box}
        aria-label={t.editMessage}
        value={draft.value}
        rows={3}
        onInput={(e) => (draft.value = e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') editing.value = null;
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            save();
          }
        }}
      />
      <div class="actions">
        <button type="submit" disabled={!draft.value.trim() || generating.value}>
          {t.saveAndSend}
        </button>
        <button type="button" class="secondary" onClick={() => (editing.value = null)}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

/** A JSON reply indented for reading; text that does not parse (cut short, still streaming) as it is. */
function prettyJson(source: string): string {
  try {
    return JSON.stringify(JSON.parse(source), null, 2);
  } catch {
    return source;
  }
}

function MessageView({ message }: { message: Message }) {
  const t = text.value;
  const author = message.role === 'user' ? t.you : t.assistant;
  const state = message.state.value;
  const noteKey = STATE_NOTE[state];
  const note = noteKey ? (t[noteKey] as string) : null;
  const meta = message.meta.value;
  const via = message.via.value;
  const notice = message.notice.value;
  const streaming = useComputed(() => message.state.value === 'streaming');
  const copied = useSignal(false);
  const copy = () =>
    navigator.clipboard?.writeText(message.content.value).then(
      () => {
        copied.value = true;
        setTimeout(() => (copied.value = false), 1500);
      },
      () => {},
    );
  const busy = generating.value;
  return (
    <article
      class={`message ${message.role}`}
      aria-label={note ? `${author} (${note.toLowerCase()})` : author}
      aria-busy={state === 'streaming'}
      data-state={state}
      data-finish-reason={meta?.finishReason}
      data-prompt-tokens={meta?.usage.prompt_tokens}
      data-cached-tokens={meta?.usage.prompt_tokens_details?.cached_tokens}
      data-prefill-ms={meta?.prefillMs?.toFixed(1)}
      data-ttft-ms={meta?.timeToFirstTokenMs}
      data-completion-tokens={meta?.usage.completion_tokens}
      data-decode-tps={meta?.decodeTokensPerSecond?.toFixed(2)}
      data-prefill-tps={meta?.prefillTokensPerSecond?.toFixed(2)}
      data-tokens-after-stop={meta?.tokensAfterStop}
      data-source={state === 'streaming' ? undefined : message.content.value}
      data-engine={via?.engine ?? meta?.engine}
    >
      <p class="author">
        {author}
        {via?.engine === 'cloud' && <span class="badge cloud">{t.cloudBadge(via.model, via.host ?? '')}</span>}
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice.kind === 'fallback'
            ? t.fallbackNotice(t.say(notice.reason))
            : notice.kind === 'no-documents'
              ? t.noDocumentsNotice(t.say(notice.reason))
              : t.retryNotice(notice.seconds)}
        </p>
      )}
      {editing.value === message.id ? (
        <EditBox message={message} />
      ) : message.alternative.value ? (
        <ComparePair message={message} />
      ) : message.role === 'assistant' && via?.format === 'json' ? (
        <pre class="content json">
          <code>{prettyJson(message.content.value)}</code>
        </pre>
      ) : message.role === 'assistant' ? (
        <Markdown source={message.content} streaming={streaming} />
      ) : (
        <>
          {message.pictures.length > 0 && <MessagePictures pictures={message.pictures} />}
          {message.content.value && <div class="content plain">{message.content}</div>}
        </>
      )}
      {message.error.value && !message.alternative.value && (
        <p class="error" role="alert">
          {t.say(message.error.value)}
        </p>
      )}
      {message.alternatives.value && (
        <Alternatives
          alternatives={message.alternatives.value.kinds}
          current={message.alternatives.value.model}
          onCloud={() => void regenerate(message.id, message.error.value)}
          onSeeing={() => void regenerate(message.id)}
        />
      )}
      {message.sources.value && !message.alternative.value && <Citations sources={message.sources.value} />}
      {meta?.droppedMessages ? <p class="note">{t.droppedMessages(meta.droppedMessages)}</p> : null}
      {message.role === 'assistant' && !message.alternative.value && (note || meta) && (
        <p class="meta">
          {note && <span class="state-note">{note}</span>}
          {meta && <span>{stats(t, meta)}</span>}
        </p>
      )}
      {state !== 'streaming' && editing.value !== message.id && (
        <fieldset class="message-actions" aria-label={t.messageActions(author)}>
          <button type="button" class="quiet" onClick={copy}>
            {copied.value ? t.copied : t.copy}
          </button>
          {message.role === 'user' ? (
            <>
              <button type="button" class="quiet" disabled={busy} onClick={() => (editing.value = message.id)}>
                {t.edit}
              </button>
              {session.cloudPossible('compare') && (
                <button type="button" class="quiet" disabled={busy} onClick={() => void openCompare(message.id)}>
                  {t.compare}
                </button>
              )}
            </>
          ) : (
            <button type="button" class="quiet" disabled={busy} onClick={() => void regenerate(message.id)}>
              {t.regenerate}
            </button>
          )}
          <button type="button" class="quiet" disabled={busy} onClick={() => void deleteMessage(message.id)}>
            {t.deleteMessage}
          </button>
        </fieldset>
      )}
    </article>
  );
}

const list = computed(() => active.value.messages.value);

/** The conversation; a log, so screen readers announce new messages politely (a streaming one when done). */
export function MessageList() {
  const end = useRef<HTMLDivElement>(null);
  const messages = list.value;
  // Follow the newest text as it streams, unless the reader scrolled up; an effect, so tokens never re-render the list.
  useSignalEffect(() => {
    void list.value.at(-1)?.content.value;
    const root = document.scrollingElement;
    if (root && root.scrollHeight - root.scrollTop - root.clientHeight < 120) end.current?.scrollIntoView({ block: 'end' });
  });
  return (
    <section class="message-list" role="log" aria-label={text.value.conversationLabel} aria-live="polite">
      {messages.length === 0 && <Welcome />}
      {messages.map((m) => (
        <MessageView key={m.id} message={m} />
      ))}
      <div ref={end} />
    </section>
  );
}
