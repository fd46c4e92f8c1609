import { signal } from '@preact/signals';

/** Generation settings; bounds are enforced by the runtime's request validation. */
export const temperature = signal(0.7);
export const topP = signal(0.95);
export const maxTokens = signal(1024);
/** One stop sequence per line. */
export const stopText = signal('');

export function stopSequences(): string[] {
  return stopText.value.split('\n').filter((s) => s.length > 0);
}
