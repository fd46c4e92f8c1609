import { useSignal } from '@preact/signals';
import { generating, send, stop } from '../../state/chat.ts';
import './composer.css';

/** The message box with Send and Stop; Enter sends, Shift+Enter starts a new line. */
export function Composer() {
  const text = useSignal('');
  const submit = (event?: Event) => {
    event?.preventDefault();
    const value = text.value;
    if (generating.value || !value.trim()) return;
    text.value = '';
    void send(value);
  };
  return (
    <form class="composer" onSubmit={submit}>
      <label for="composer-input" class="visually-hidden">
        Message
      </label>
      <textarea
        id="composer-input"
        rows={2}
        placeholder="Message (Enter to send, Shift+Enter for a new line)"
        value={text.value}
        onInput={(e) => (text.value = e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
        }}
      />
      <div class="actions">
        <button type="submit" disabled={generating.value || !text.value.trim()}>
          Send
        </button>
        <button type="button" class="secondary" onClick={stop} disabled={!generating.value}>
          Stop
        </button>
      </div>
    </form>
  );
}
