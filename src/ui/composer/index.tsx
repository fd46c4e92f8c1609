import { useComputed, useSignal } from '@preact/signals';
import { generating, lastUserMessage, send, stop } from '../../state/chat.ts';
import { cloudHost, cloudSettings, route } from '../../state/cloud.ts';
import { selectedModel, session } from '../../state/runtime.ts';
import { text } from '../i18n/index.ts';
import { editing } from '../message-list/index.tsx';
import { AttachButtons, AttachmentList, useAttachments } from './attachments.tsx';
import './composer.css';

/** Letters outside the Latin script: such text costs more tokens. */
const NON_LATIN = /(?=\p{L})\P{Script=Latin}/u;

/** Where the next message goes: this device, or (unless the cloud is switched off) the cloud, said plainly. */
function RoutePicker() {
  const t = text.value;
  const local = t.routeLocal(selectedModel.value.name);
  // The session's table says whether the cloud could take a message at all (not under "Never").
  if (!session.cloudPossible('chosen')) {
    return (
      <p class="route">
        {t.nextGoesTo}: {local}
      </p>
    );
  }
  const host = cloudHost();
  return (
    <div class="route">
      <label>
        {t.nextGoesTo}
        <select value={route.value} onChange={(e) => (route.value = e.currentTarget.value === 'cloud' ? 'cloud' : 'local')}>
          <option value="local">{local}</option>
          <option value="cloud">{t.routeCloud(cloudSettings.value.model, host)}</option>
        </select>
      </label>
      {route.value === 'cloud' && <span class="route-warning">{t.routeCloudWarning(host)}</span>}
    </div>
  );
}

/** The message box. Enter sends, Shift+Enter adds a line, Esc stops, Up (in an empty box) edits the last message; IME input is respected. */
export function Composer() {
  const t = text.value;
  const draft = useSignal('');
  const nonLatin = useComputed(() => NON_LATIN.test(draft.value));
  const attachments = useAttachments();
  const { pictures } = attachments;
  const empty = !draft.value.trim() && !pictures.value.length;
  const submit = (event?: Event) => {
    event?.preventDefault();
    const value = draft.value;
    if (generating.value || attachments.preparing.value || (!value.trim() && !pictures.value.length)) return;
    draft.value = '';
    const attached = pictures.value;
    pictures.value = [];
    attachments.problem.value = null;
    void send(value, attached);
  };
  // Pictures pasted or dropped attach like chosen ones; text pastes as text.
  const takeFiles = (e: Event, data: DataTransfer | null) => {
    const files = [...(data?.files ?? [])];
    if (!files.length) return;
    e.preventDefault();
    void attachments.add(files);
  };
  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    // While an input method is composing, Enter picks a candidate; it must not send.
    if (e.isComposing || e.keyCode === 229) return;
    if (e.key === 'Enter' && !e.shiftKey) submit(e);
    else if (e.key === 'Escape' && generating.value) {
      e.preventDefault();
      stop();
    } else if (e.key === 'ArrowUp' && draft.value === '' && !generating.value) {
      const last = lastUserMessage();
      if (last) {
        e.preventDefault();
        editing.value = last.id;
      }
    }
  };
  return (
    <form class="composer" data-route={route.value} onSubmit={submit} onDragOver={onDragOver} onDrop={(e) => takeFiles(e, e.dataTransfer)}>
      <RoutePicker />
      <div class="field">
        <label for="composer-input" class="visually-hidden">
          {t.messageLabel}
        </label>
        <textarea
          id="composer-input"
          rows={2}
          placeholder={t.messagePlaceholder}
          value={draft.value}
          aria-describedby={nonLatin.value ? 'token-hint' : undefined}
          onInput={(e) => (draft.value = e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onPaste={(e) => takeFiles(e, e.clipboardData)}
        />
        {nonLatin.value && (
          <p id="token-hint" class="token-hint">
            {t.tokenHint}
          </p>
        )}
        <AttachmentList attachments={attachments} />
        <AttachButtons attachments={attachments} />
      </div>
      <div class="actions">
        <button type="submit" disabled={generating.value || empty || attachments.preparing.value > 0}>
          {t.send}
        </button>
        <button type="button" class="secondary" onClick={stop} disabled={!generating.value}>
          {t.stop}
        </button>
      </div>
    </form>
  );
}
