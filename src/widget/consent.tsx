/** The widget's question before anything leaves the page: what would be sent, to whom, and why. */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { FallbackRequest } from '../lib/runtime.ts';
import { forgetKeys, keyFor, saveKey } from '../runtime/page/engines/cloud/key-store.ts';

export interface Consent {
  request: FallbackRequest;
  endpoint: string;
  answer(send: boolean): void;
}

const SPEAKERS = { system: 'Instructions', user: 'You', assistant: 'Assistant', tool: 'Tool result' } as const;

export function ConsentPanel({ consent }: { consent: Consent }) {
  const { request, endpoint } = consent;
  const hasKey = useSignal<boolean | null>(null);
  const key = useSignal('');
  const problem = useSignal<string | null>(null);
  useEffect(() => {
    keyFor(endpoint).then(
      (saved) => (hasKey.value = saved !== undefined),
      () => (hasKey.value = false),
    );
  }, [endpoint]);

  const send = async () => {
    try {
      // Saved for this endpoint only (shared with the InPage app on this site), so later replies need no retyping.
      if (key.value.trim()) await saveKey(endpoint, key.value.trim());
      consent.answer(true);
    } catch (error) {
      problem.value = (error as Error).message;
    }
  };
  const forget = async () => {
    await forgetKeys().catch((error: Error) => (problem.value = error.message));
    hasKey.value = false;
  };

  return (
    <div class="consent" role="dialog" aria-labelledby="consent-title">
      <p id="consent-title" class="consent-title">
        Send this conversation to the cloud?
      </p>
      <p>This device cannot answer: {request.reason}</p>
      <p>
        If you agree, the messages below go to {request.model} at <strong>{request.host}</strong>. Nothing is sent otherwise.
      </p>
      <ul class="consent-messages">
        {request.messages.map((m, i) => (
          <li key={i}>
            {SPEAKERS[m.role]}: {m.content}
          </li>
        ))}
      </ul>
      {hasKey.value === false && (
        <label class="consent-key">
          API key for {request.host}
          <input
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={key.value}
            onInput={(e) => (key.value = e.currentTarget.value)}
          />
          <span class="hint">Saved in this browser only, and sent only to {request.host}.</span>
        </label>
      )}
      {hasKey.value && (
        <p class="hint">
          A key for {request.host} is saved in this browser.{' '}
          <button type="button" class="link" onClick={() => void forget()}>
            Forget it
          </button>
        </p>
      )}
      {problem.value && (
        <p class="status error" role="alert">
          {problem.value}
        </p>
      )}
      <div class="consent-actions">
        <button type="button" disabled={hasKey.value === null} onClick={() => void send()}>
          Send to the cloud
        </button>
        <button type="button" class="secondary" onClick={() => consent.answer(false)}>
          Don't send
        </button>
      </div>
    </div>
  );
}
