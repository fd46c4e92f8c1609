import { effect, signal } from '@preact/signals';
import type { ResponseFormat } from '../runtime/shared/engine.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import { type Said, say } from '../runtime/shared/errors/said.ts';

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
  /** Replies are JSON: any object, or what `jsonSchema` allows when it is filled in. */
  jsonMode: boolean;
  /** A JSON Schema as text; empty means any JSON object. */
  jsonSchema: string;
}

export const DEFAULTS: Settings = {
  temperature: 0.7,
  topP: 0.95,
  maxTokens: 1024,
  stopText: '',
  defaultSystemPrompt: '',
  reusePrompt: true,
  jsonMode: false,
  jsonSchema: '',
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
      jsonMode: typeof saved.jsonMode === 'boolean' ? saved.jsonMode : DEFAULTS.jsonMode,
      jsonSchema: typeof saved.jsonSchema === 'string' ? saved.jsonSchema : DEFAULTS.jsonSchema,
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

/** What is wrong with the schema box's text, in words, or null when it is empty or a JSON object. */
export function schemaProblem(text: string): Said | null {
  if (!text.trim()) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? null : say('schemaNotObject');
  } catch (error) {
    return say('schemaNotJson', { reason: (error as Error).message });
  }
}

/** The response_format the settings ask for; a schema that is not JSON is refused before anything is sent. */
export function responseFormat({ jsonMode, jsonSchema }: Settings): ResponseFormat | undefined {
  if (!jsonMode) return undefined;
  if (!jsonSchema.trim()) return { type: 'json_object' };
  const problem = schemaProblem(jsonSchema);
  if (problem)
    throw new InvalidRequestError(say('settingsSchema', { notJson: problem.key === 'schemaNotJson' ? problem.params.reason : null }));
  return { type: 'json_schema', json_schema: { name: 'reply', schema: JSON.parse(jsonSchema) as Record<string, unknown>, strict: true } };
}
