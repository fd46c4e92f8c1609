/** The UI's language: English or Ukrainian, following the browser unless the user picks one. */
import { computed, effect, signal } from '@preact/signals';
import { en, type Messages } from './en.ts';

export type Locale = 'en' | 'uk';
/** Each language's own name, for the picker: the strings themselves load only when chosen. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', uk: 'Українська' };
const KEY = 'inpage:locale';

// Ukrainian is loaded when it is wanted, so English pages do not download it before their first paint.
const loaded = signal<Partial<Record<Locale, Messages>>>({ en });
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = { uk: () => import('./uk.ts').then((m) => m.uk) };

function initial(): Locale {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'uk') return saved;
  } catch {
    // Storage blocked: follow the browser.
  }
  return navigator.languages?.some((l) => l.toLowerCase().startsWith('uk')) ? 'uk' : 'en';
}

export const locale = signal<Locale>('en');
/** The current language's strings; reading `.value` in a component re-renders it on a switch. */
export const text = computed(() => loaded.value[locale.value] ?? en);

/** Loads `next`'s strings if need be, then shows the UI in it. */
export async function loadLocale(next: Locale): Promise<void> {
  if (next !== 'en' && !loaded.value[next]) loaded.value = { ...loaded.value, [next]: await loaders[next]() };
  locale.value = next;
}

/** The language the page starts in: awaited before the first render, so it never flashes English first. */
export const localeReady: Promise<void> = loadLocale(initial()).catch(() => {
  // The chunk could not be fetched (offline before it was cached): English, rather than nothing.
});

export async function setLocale(next: Locale): Promise<void> {
  try {
    await loadLocale(next);
  } catch {
    return; // its chunk could not be fetched (offline before it was cached): the page stays as it is
  }
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Storage blocked: the choice lasts for this tab.
  }
}

effect(() => {
  document.documentElement.lang = locale.value;
});
