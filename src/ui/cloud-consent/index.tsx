import { useSignal, useSignalEffect } from '@preact/signals';
import { OPENAI_ENDPOINT } from '../../runtime/cloud/endpoint.ts';
import { cloudSettings, consentRequest, saveCloudKey } from '../../state/cloud.ts';
import { Dialog } from '../dialog/index.tsx';
import { text } from '../i18n/index.ts';
import './cloud-consent.css';

/**
 * Asks before a conversation first leaves this device: it shows every message that would be sent and
 * the host it goes to, and takes the API key when none is saved. Closing it is a no.
 */
export function CloudConsent() {
  const t = text.value;
  const open = useSignal(false);
  const key = useSignal('');
  const problem = useSignal<string | null>(null);
  useSignalEffect(() => {
    open.value = consentRequest.value !== null;
    key.value = '';
    problem.value = null;
  });
  useSignalEffect(() => {
    // Closed with Esc or Close while the question is open: nothing is sent.
    if (!open.value) consentRequest.peek()?.answer(false);
  });
  const request = consentRequest.value;
  // OpenAI always needs a key; a user's own server may not.
  const keyRequired = request?.needsKey === true && cloudSettings.value.endpoint === OPENAI_ENDPOINT;
  const send = async (e: Event) => {
    e.preventDefault();
    if (!request) return;
    if (request.needsKey && key.value.trim()) {
      try {
        await saveCloudKey(key.value);
      } catch (error) {
        problem.value = (error as Error).message;
        return;
      }
    } else if (keyRequired) {
      problem.value = t.consentKeyRequired;
      return;
    }
    request.answer(true);
  };
  return (
    <Dialog open={open} title={t.consentTitle}>
      {request && (
        <form class="cloud-consent" onSubmit={send}>
          <p>{t.consentIntro(request.model, request.host)}</p>
          {request.reason && <p class="reason">{t.consentReason(request.reason)}</p>}
          <h3>{t.consentMessages(request.messages.length)}</h3>
          <ol class="outgoing">
            {request.messages.map((m, i) => (
              <li key={i}>
                <strong>{m.role === 'system' ? t.systemRole : m.role === 'user' ? t.you : t.assistant}:</strong> {m.content}
              </li>
            ))}
          </ol>
          {request.needsKey && (
            <label>
              {t.consentKey(request.host)}
              <input
                type="password"
                autocomplete="off"
                spellcheck={false}
                value={key.value}
                aria-describedby="consent-key-hint"
                onInput={(e) => (key.value = e.currentTarget.value)}
              />
              <span id="consent-key-hint" class="hint">
                {t.apiKeyHint} {keyRequired ? '' : t.consentKeyOptional}
              </span>
            </label>
          )}
          {problem.value && (
            <p class="problem" role="alert">
              {problem.value}
            </p>
          )}
          <div class="actions">
            <button type="submit">{t.consentSend}</button>
            <button type="button" class="secondary" onClick={() => request.answer(false)}>
              {t.consentKeep}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
