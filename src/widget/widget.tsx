/** The widget's UI: a private chat with the model in the page, streamed, with Stop. */
import { type Signal, useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatMessage, LoadProgress, RequestMessage, Runtime } from '../lib/runtime.ts';
import type { StoredPicture } from '../runtime/page/conversations/conversation.ts';
import { formatBytes } from '../runtime/shared/bytes.ts';
import { InPageError, isAbortError } from '../runtime/shared/errors/errors.ts';
import { type Consent, ConsentPanel } from './consent.tsx';
import { AttachButton, attach, partsOf, Thumbnails } from './pictures.tsx';

/** Where a reply came from, when it was not this device. */
interface Cloud {
  host: string;
  model: string;
}

type WidgetMessage = ChatMessage & { cloud?: Cloud; pictures?: StoredPicture[] };

export interface WidgetProps {
  runtime: Runtime;
  /** The conversation the session keeps the visitor's yes for. */
  conversation: string;
  host: HTMLElement;
  /** The open question before a cloud reply, set by the element's onFallback. */
  consent: Signal<Consent | null>;
  /** A misconfigured attribute, shown instead of failing on the first message. */
  problem: string | null;
  systemPrompt: string;
  placeholder: string;
  /** The model sees pictures (a vision model, or one given its projector): the widget takes them. */
  sees: boolean;
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

const ON_DEVICE = { text: 'Runs on this device: nothing you type leaves the page.', error: false };

export function Widget({ runtime, conversation, host, consent, problem, systemPrompt, placeholder, sees }: WidgetProps) {
  const messages = useSignal<WidgetMessage[]>([]);
  const streaming = useSignal<string | null>(null);
  const cloud = useSignal<Cloud | null>(null);
  const status = useSignal<{ text: string; error: boolean }>(problem ? { text: problem, error: true } : ON_DEVICE);
  const draft = useSignal('');
  const pending = useSignal<StoredPicture[]>([]);
  const controller = useRef<AbortController | null>(null);
  const take = (files: File[]) =>
    void attach(files, pending).then((problem) => {
      status.value = problem ? { text: problem, error: true } : ON_DEVICE;
    });
  useEffect(
    () =>
      runtime.on('progress', (progress) => {
        status.value = { text: describeLoad(progress), error: false };
      }),
    [runtime],
  );
  useEffect(
    () =>
      runtime.on('fallback', ({ host, model }) => {
        cloud.value = { host, model };
        status.value = { text: `This reply comes from ${model} at ${host}, not from this device.`, error: false };
      }),
    [runtime],
  );
  const emit = (name: string, detail: unknown) => host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));

  const send = async () => {
    const text = draft.value.trim();
    const pictures = pending.value;
    if ((!text && !pictures.length) || controller.current) return;
    draft.value = '';
    pending.value = [];
    messages.value = [...messages.value, { role: 'user', content: text, ...(pictures.length ? { pictures } : {}) }];
    const history = messages.value.map(
      ({ role, content, pictures }): RequestMessage => ({ role, content: pictures ? partsOf(content, pictures) : content }),
    );
    emit('inpage-message', history.at(-1));
    const current = new AbortController();
    controller.current = current;
    streaming.value = '';
    cloud.value = null;
    const finish = () => {
      const reply: WidgetMessage = { role: 'assistant', content: streaming.value ?? '' };
      if (cloud.value) reply.cloud = cloud.value;
      messages.value = [...messages.value, reply];
      return reply;
    };
    try {
      const stream = await runtime.chat.completions.create(
        { messages: systemPrompt ? [{ role: 'system', content: systemPrompt }, ...history] : history, stream: true },
        { signal: current.signal, conversation },
      );
      if (!cloud.value) status.value = ON_DEVICE;
      for await (const chunk of stream) streaming.value += chunk.choices[0]?.delta.content ?? '';
      emit('inpage-message', finish());
    } catch (error) {
      const e = error as Error;
      if (isAbortError(error)) status.value = { text: 'Stopped.', error: false };
      else {
        status.value = { text: e.message, error: true };
        emit('inpage-error', { name: e.name, code: error instanceof InPageError ? error.code : null, message: e.message });
      }
      if (streaming.value) finish();
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
            <Message key={i} message={m} />
          ))}
        {streaming.value !== null && (
          <Message message={{ role: 'assistant', content: streaming.value || '…', ...(cloud.value ? { cloud: cloud.value } : {}) }} busy />
        )}
      </div>
      {consent.value && <ConsentPanel consent={consent.value} />}
      {pending.value.length > 0 && (
        <Thumbnails pictures={pending.value} onRemove={(i) => (pending.value = pending.value.filter((_, j) => j !== i))} />
      )}
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
          onPaste={(e) => {
            const files = [...(e.clipboardData?.files ?? [])];
            if (!sees || !files.length) return;
            e.preventDefault();
            take(files);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        {busy ? (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              consent.value?.answer(false);
              controller.current?.abort();
            }}
          >
            Stop
          </button>
        ) : (
          <button type="submit" disabled={!draft.value.trim() && !pending.value.length}>
            Send
          </button>
        )}
        {sees && <AttachButton onFiles={take} />}
      </form>
    </div>
  );
}

/** One message; a reply from the cloud carries a badge saying which model and where, never silently. */
function Message({ message, busy = false }: { message: WidgetMessage; busy?: boolean }) {
  const { role, content, cloud, pictures } = message;
  return (
    <p class={`message ${role}`} data-role={role} data-engine={cloud ? 'cloud' : 'local'} aria-busy={busy || undefined}>
      {cloud && (
        <span class="badge">
          Cloud · {cloud.model} at {cloud.host}
        </span>
      )}
      {pictures && <Thumbnails pictures={pictures} />}
      {cloud ? <span class="text">{content}</span> : content}
    </p>
  );
}
