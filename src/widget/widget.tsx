/** The widget's UI: a private chat with the model in the page, streamed, with Stop. */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatMessage, LoadProgress, Runtime } from '../lib/runtime.ts';
import { formatBytes } from '../runtime/bytes.ts';
import { InPageError } from '../runtime/errors.ts';

export interface WidgetProps {
  runtime: Runtime;
  host: HTMLElement;
  systemPrompt: string;
  placeholder: string;
}

function describeLoad(progress: LoadProgress | null): string {
  if (!progress) return 'Preparing the model…';
  if (progress.phase === 'download') {
    const of = progress.totalBytes ? ` of ${formatBytes(progress.totalBytes)}` : '';
    return `Downloading the model: ${formatBytes(progress.loadedBytes)}${of}`;
  }
  if (progress.phase === 'other-tab') return 'The model is in use in another tab of this site; it opens here when that tab lets go.';
  return 'Loading the model…';
}

export function Widget({ runtime, host, systemPrompt, placeholder }: WidgetProps) {
  const messages = useSignal<ChatMessage[]>([]);
  const streaming = useSignal<string | null>(null);
  const status = useSignal<{ text: string; error: boolean }>({
    text: 'Runs on this device: nothing you type leaves the page.',
    error: false,
  });
  const draft = useSignal('');
  const controller = useRef<AbortController | null>(null);
  useEffect(
    () =>
      runtime.on('progress', (progress) => {
        status.value = { text: describeLoad(progress), error: false };
      }),
    [runtime],
  );
  const emit = (name: string, detail: unknown) => host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));

  const send = async () => {
    const text = draft.value.trim();
    if (!text || controller.current) return;
    draft.value = '';
    const history: ChatMessage[] = [...messages.value, { role: 'user', content: text }];
    messages.value = history;
    emit('inpage-message', { role: 'user', content: text });
    const current = new AbortController();
    controller.current = current;
    streaming.value = '';
    try {
      const stream = await runtime.chat.completions.create(
        { messages: systemPrompt ? [{ role: 'system', content: systemPrompt }, ...history] : history, stream: true },
        { signal: current.signal },
      );
      status.value = { text: 'Runs on this device: nothing you type leaves the page.', error: false };
      for await (const chunk of stream) streaming.value += chunk.choices[0]?.delta.content ?? '';
      const reply = streaming.value ?? '';
      messages.value = [...messages.value, { role: 'assistant', content: reply }];
      emit('inpage-message', { role: 'assistant', content: reply });
    } catch (error) {
      const e = error as Error;
      status.value = { text: e.message, error: true };
      emit('inpage-error', { name: e.name, code: error instanceof InPageError ? error.code : null, message: e.message });
      if (streaming.value) messages.value = [...messages.value, { role: 'assistant', content: streaming.value }];
    } finally {
      streaming.value = null;
      controller.current = null;
    }
  };

  const busy = streaming.value !== null;
  return (
    <div class="widget">
      <p class="title">Private chat</p>
      <p class={`status${status.value.error ? ' error' : ''}`} role={status.value.error ? 'alert' : 'status'}>
        {status.value.text}
      </p>
      <div class="log" role="log" aria-label="Conversation" aria-live="polite">
        {messages.value
          .filter((m) => m.role !== 'system')
          .map((m, i) => (
            <p key={i} class={`message ${m.role}`} data-role={m.role}>
              {m.content}
            </p>
          ))}
        {streaming.value !== null && (
          <p class="message assistant" data-role="assistant" aria-busy="true">
            {streaming.value || '…'}
          </p>
        )}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <textarea
          aria-label="Message"
          placeholder={placeholder}
          value={draft.value}
          onInput={(e) => (draft.value = e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        {busy ? (
          <button type="button" class="secondary" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={!draft.value.trim()}>
            Send
          </button>
        )}
      </form>
    </div>
  );
}
