import { computed } from '@preact/signals';
import { consentRequest } from '../../state/cloud.ts';
import { Dialog } from '../dialog/index.tsx';
import { text } from '../i18n/index.ts';
import './cloud-consent.css';
import { KeyField, Outgoing, Problem, useAsking } from './outgoing.tsx';

/** A comparison's question is the Compare dialog's to show. */
const asked = computed(() => (consentRequest.value?.purpose === 'compare' ? null : consentRequest.value));

/**
 * Asks before a conversation first leaves this device: it shows every message that would be sent and
 * the host it goes to, and takes the API key when none is saved. Closing it is a no.
 */
export function CloudConsent() {
  const t = text.value;
  const { open, key, problem, send } = useAsking(
    asked,
    (q) => q.answer(false),
    (q) => q.answer(true),
  );
  const request = asked.value;
  return (
    <Dialog open={open} title={t.consentTitle}>
      {request && (
        <form class="cloud-consent" onSubmit={send}>
          <p>{t.consentIntro(request.model, request.host)}</p>
          {request.reason && <p class="reason">{t.consentReason(t.say(request.reason))}</p>}
          <Outgoing messages={request.messages} passages={request.passages} />
          {request.needsKey && <KeyField host={request.host} value={key} hintId="consent-key-hint" />}
          <Problem problem={problem.value} />
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
