/** What a cloud request would carry, message by message, and the key field: shared by consent and Compare. */

import { type ReadonlySignal, type Signal, useSignal, useSignalEffect } from '@preact/signals';
import { sourceOf } from '../../runtime/page/documents/cite.ts';
import { OPENAI_ENDPOINT } from '../../runtime/page/engines/cloud/endpoint.ts';
import type { Passage } from '../../runtime/shared/documents/types.ts';
import type { ChatMessage } from '../../runtime/shared/engine.ts';
import { saidOf } from '../../runtime/shared/errors/said.ts';
import { cloudSettings, saveCloudKey } from '../../state/cloud.ts';
import { text } from '../i18n/index.ts';

export function Outgoing({ messages, passages = [] }: { messages: readonly ChatMessage[]; passages?: readonly Passage[] | undefined }) {
  const t = text.value;
  return (
    <>
      <h3>{t.consentMessages(messages.length)}</h3>
      <ol class="outgoing">
        {messages.map((m, i) => (
          <li key={i}>
            <strong>{m.role === 'system' ? t.systemRole : m.role === 'user' ? t.you : t.assistant}:</strong> {m.content}
            {/* Each picture that would leave, as the user will see it sent. */}
            {m.parts?.some((p) => p.type === 'image_url') && (
              <span class="outgoing-pictures">
                {m.parts
                  .flatMap((p) => (p.type === 'image_url' ? [p.image_url.url] : []))
                  .map((url, j) => (
                    <img key={j} src={url} alt={t.outgoingPicture(j + 1)} />
                  ))}
              </span>
            )}
          </li>
        ))}
      </ol>
      {passages.length > 0 && (
        <>
          <h3>{t.consentPassages(passages.length)}</h3>
          <ol class="outgoing outgoing-passages">
            {passages.map((p, i) => (
              <li key={`${p.documentId}:${p.chunk}`}>
                <strong>{t.citation(i + 1, sourceOf(p))}:</strong> {p.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

/** OpenAI always needs a key; a user's own server may not. */
export const keyRequired = (needsKey: boolean) => needsKey && cloudSettings.value.endpoint === OPENAI_ENDPOINT;

export function KeyField({ host, value, hintId }: { host: string; value: Signal<string>; hintId: string }) {
  const t = text.value;
  return (
    <label>
      {t.consentKey(host)}
      <input
        type="password"
        autocomplete="off"
        spellcheck={false}
        value={value.value}
        aria-describedby={hintId}
        onInput={(e) => (value.value = e.currentTarget.value)}
      />
      <span id={hintId} class="hint">
        {t.apiKeyHint} {keyRequired(true) ? '' : t.consentKeyOptional}
      </span>
    </label>
  );
}

/** Saves a key typed into the dialog; the problem to show when there is one, else null. */
export async function saveTypedKey(needsKey: boolean, key: string): Promise<string | null> {
  if (needsKey && key.trim()) {
    try {
      await saveCloudKey(key);
    } catch (error) {
      return text.value.say(saidOf(error));
    }
  } else if (keyRequired(needsKey)) {
    return text.value.consentKeyRequired;
  }
  return null;
}

/**
 * A question that sends only on yes: open while `question` is set, with the key typed into it and what
 * is wrong with it. Closed with Esc or Close while the question is open, it answers no.
 */
export function useAsking<Q extends { needsKey: boolean }>(question: ReadonlySignal<Q | null>, no: (q: Q) => void, yes: (q: Q) => void) {
  const open = useSignal(false);
  const key = useSignal('');
  const problem = useSignal<string | null>(null);
  useSignalEffect(() => {
    open.value = question.value !== null;
    key.value = '';
    problem.value = null;
  });
  useSignalEffect(() => {
    const q = question.peek();
    if (!open.value && q) no(q);
  });
  const send = async (e: Event) => {
    e.preventDefault();
    const q = question.peek();
    if (!q) return;
    problem.value = await saveTypedKey(q.needsKey, key.value);
    if (!problem.value) yes(q);
  };
  return { open, key, problem, send };
}

export function Problem({ problem }: { problem: string | null }) {
  return problem ? (
    <p class="problem" role="alert">
      {problem}
    </p>
  ) : null;
}
