/**
 * What the runtime says, as a key and its parameters rather than a sentence, so the page can word it
 * in the user's language. `inEnglish` gives the library's (and the logs') wording.
 */
import { EN, type Worded, type Words } from '../words/en.ts';

export type { Worded } from '../words/en.ts';

export type SaidKey = keyof Words;
/** What a key is worded from, as its dictionaries read it (a nested Said already worded). */
export type WordedParams<K extends SaidKey> = K extends SaidKey
  ? Parameters<Words[K]> extends [infer P]
    ? P
    : Record<string, never>
  : never;
/** What a key is said with: plain data, and Said for what is itself worded (a reason inside a reason). */
export type SaidParams<K extends SaidKey> = K extends SaidKey
  ? { [P in keyof WordedParams<K>]: WordedParams<K>[P] extends Worded ? Said : WordedParams<K>[P] }
  : never;

/** Plain data: it crosses the worker boundary with the error, note or reason that carries it. */
export type Said<K extends SaidKey = SaidKey> = K extends SaidKey ? { readonly key: K; readonly params: SaidParams<K> } : never;

/** `say('httpNotFound', { url, status: 404 })`; keys without parameters take none. */
export function say<K extends SaidKey>(key: K, ...params: Parameters<Words[K]> extends [] ? [] : [SaidParams<K>]): Said<K> {
  return { key, params: params[0] ?? {} } as Said<K>;
}

/** A dictionary: one wording per key, with the same parameters as the English one. */
export type Wording = { readonly [K in SaidKey]: (params: WordedParams<K>) => string };

/** The sentence in `words`; a key that a newer worker sent and this page lacks falls back to English, then to the key. */
export function word(said: Said, words: Wording = EN as Wording): string {
  const say = (words[said.key] ?? EN[said.key]) as ((params: unknown) => string) | undefined;
  if (!say) return said.key;
  // A Said among the parameters is worded first, in the same language.
  const params = Object.fromEntries(Object.entries(said.params).map(([k, v]) => [k, isSaid(v) ? word(v, words) : v]));
  return say(params);
}

export const inEnglish = (said: Said): string => word(said);

/** A key this version knows, with plain-data parameters (as read from a worker, a file or storage). */
export function isSaid(value: unknown): value is Said {
  if (typeof value !== 'object' || value === null) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || !Object.hasOwn(EN, key)) return false;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false;
  return Object.values(params).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || isSaid(v));
}

/** What an error says: its key where it has one, else its text as it was thrown. */
export function saidOf(error: unknown): Said {
  const said = (error as { said?: unknown } | null)?.said;
  if (isSaid(said)) return said;
  return say('plain', { text: error instanceof Error ? error.message : String(error) });
}
