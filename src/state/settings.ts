import { effect, signal } from '@preact/signals';

/** Generation settings and preferences, kept in localStorage; every setter clamps to the allowed range. */
export interface Settings {
  temperature: number;
  topP: number;
  maxTokens: number;
  /** One stop sequence per line. */
  stopText: string;
  /** The system prompt new conversations start with. */
  defaultSystemPrompt: string;
  /** Local engines keep the previous prompt's cache and evaluate only what is new; off only to compare. */
  reusePrompt: boolean;
}

export const DEFAULTS: Settings = {
  temperature: 0.7,
  topP: 0.95,
  maxTokens: 1024,
  stopText: '',
  defaultSystemPrompt: '',
  reusePrompt: true,
};
export const BOUNDS = {
  temperature: { min: 0, max: 2, step: 0.1 },
  topP: { min: 0.01, max: 1, step: 0.01 },
  maxTokens: { min: 1, max: 4096, step: 1 },
} as const;

const KEY = 'inpage:settings';

function load(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Record<keyof Settings, unknown>>;
    return {
      temperature: clamp('temperature', saved.temperature),
      topP: clamp('topP', saved.topP),
      maxTokens: Math.round(clamp('maxTokens', saved.maxTokens)),
      stopText: typeof saved.stopText === 'string' ? saved.stopText : DEFAULTS.stopText,
      defaultSystemPrompt: typeof saved.defaultSystemPrompt === 'string' ? saved.defaultSystemPrompt : DEFAULTS.defaultSystemPrompt,
      reusePrompt: typeof saved.reusePrompt === 'boolean' ? saved.reusePrompt : DEFAULTS.reusePrompt,
    };
  } catch {
    return { ...DEFAULTS }; // storage blocked or value damaged: defaults, not a broken page
  }
}

/** `value` within the bounds of `key`; anything not a finite number gives the default. */
export function clamp(key: keyof typeof BOUNDS, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULTS[key];
  const { min, max } = BOUNDS[key];
  return Math.min(max, Math.max(min, value));
}

export const settings = signal<Settings>(load());

effect(() => {
  const value = settings.value;
  try {
    localStorage.setItem(KEY, JSON.stringify(value));
  } catch {
    // Private mode or blocked storage: settings last for this tab only.
  }
});

export function updateSettings(change: Partial<Settings>): void {
  const next = { ...settings.value, ...change };
  settings.value = {
    ...next,
    temperature: clamp('temperature', next.temperature),
    topP: clamp('topP', next.topP),
    maxTokens: Math.round(clamp('maxTokens', next.maxTokens)),
  };
}

export function stopSequences(): string[] {
  return settings.value.stopText.split('\n').filter((s) => s.length > 0);
}
