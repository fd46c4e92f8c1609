import type { Signal } from '@preact/signals';
import { useSignalEffect } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';
import { text } from '../i18n/index.ts';
import './dialog.css';

interface Props {
  open: Signal<boolean>;
  title: string;
  children: ComponentChildren;
}

/** A modal on the native <dialog>: focus moves in, Esc closes, focus returns to what opened it. */
export function Dialog({ open, title, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useSignalEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open.value && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open.value && dialog.open) {
      dialog.close();
    }
  });
  const id = useId();
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={id}
      onClose={() => {
        open.value = false;
        (opener.current as HTMLElement | null)?.focus?.();
      }}
    >
      <header class="dialog-head">
        <h2 id={id}>{title}</h2>
        {/* Closes now, not after the next effect: until then the page behind stays inert. */}
        <button type="button" class="secondary" onClick={() => ref.current?.close()}>
          {text.value.close}
        </button>
      </header>
      <div class="dialog-body">{children}</div>
    </dialog>
  );
}
