/** The UI's language: English or Ukrainian, following the browser unless the user picks one. */
import { computed, effect, signal } from '@preact/signals';
import { en, type Messages } from './en.ts';
import { uk } from './uk.ts';

export type Locale = 'en' | 'uk';
export const LOCALES: Record<Locale, Messages> = { en, uk };
const KEY = 'inpage:locale';

function initial(): Locale {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'uk') return saved;
  } catch {
    // Storage blocked: follow the browser.
  }
  return navigator.languages?.some((l) => l.toLowerCase().startsWith('uk')) ? 'uk' : 'en';
}

export const locale = signal<Locale>(initial());
/** The current language's strings; reading `.value` in a component re-renders it on a switch. */
export const text = computed(() => LOCALES[locale.value]);

export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Storage blocked: the choice lasts for this tab.
  }
}

effect(() => {
  document.documentElement.lang = locale.value;
});
