import { useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { type Message, type MessageState, messages } from '../../state/chat.ts';
import { Alternatives } from '../alternatives/index.tsx';
import './message-list.css';

const STATE_NOTE: Partial<Record<MessageState, string>> = {
  stopped: 'Stopped',
  length: 'Cut off at the max tokens limit',
  error: 'Incomplete',
};

function MessageView({ message }: { message: Message }) {
  const author = message.role === 'user' ? 'You' : 'Assistant';
  const state = message.state.value;
  const note = STATE_NOTE[state];
  const meta = message.meta.value;
  return (
    <article
      class={`message ${message.role}`}
      aria-label={note ? `${author} (${note.toLowerCase()})` : author}
      aria-busy={state === 'streaming'}
      data-state={state}
      data-finish-reason={meta?.finishReason}
      data-prompt-tokens={meta?.usage.prompt_tokens}
      data-completion-tokens={meta?.usage.completion_tokens}
      data-tokens-per-second={meta?.tokensPerSecond?.toFixed(2)}
    >
      <p class="author">{author}</p>
      <div class="content">{message.content}</div>
      {message.error.value && (
        <p class="error" role="alert">
          {message.error.value}
        </p>
      )}
      {message.alternatives.value && (
        <Alternatives alternatives={message.alternatives.value.kinds} current={message.alternatives.value.model} />
      )}
      {meta?.droppedMessages ? (
        <p class="note">
          {meta.droppedMessages} earlier {meta.droppedMessages === 1 ? 'message was' : 'messages were'} left out to fit the model's context
          window.
        </p>
      ) : null}
      {(note || meta) && message.role === 'assistant' && (
        <p class="meta">
          {note && <span>{note}</span>}
          {meta && (
            <span>
              {meta.usage.completion_tokens} tokens
              {meta.tokensPerSecond ? ` · ${meta.tokensPerSecond.toFixed(1)} tokens/s` : ''}
            </span>
          )}
        </p>
      )}
    </article>
  );
}

/** The conversation; a log, so screen readers announce new messages. */
export function MessageList() {
  const end = useRef<HTMLDivElement>(null);
  const list = messages.value;
  // Follow the newest text as it streams, unless the reader scrolled up; an effect, so tokens never re-render the list.
  useSignalEffect(() => {
    void messages.value.at(-1)?.content.value;
    const root = document.scrollingElement;
    if (root && root.scrollHeight - root.scrollTop - root.clientHeight < 120) end.current?.scrollIntoView({ block: 'end' });
  });
  return (
    <section class="message-list" role="log" aria-label="Conversation">
      {list.length === 0 && <p class="empty">Ask anything. The model runs in this page; your messages stay on this device.</p>}
      {list.map((m) => (
        <MessageView key={m.id} message={m} />
      ))}
      <div ref={end} />
    </section>
  );
}
