import { describe, expect, it } from 'vitest';
import { ERROR_CLASSES, type ErrorCode } from '../../src/runtime/shared/errors/errors.ts';
import { isSaid, type Said, type SaidKey, word } from '../../src/runtime/shared/errors/said.ts';
import { EN } from '../../src/runtime/shared/words/en.ts';
import { en } from '../../src/ui/i18n/en.ts';
import { uk } from '../../src/ui/i18n/uk.ts';
import { UK_WORDS, ukBytes } from '../../src/ui/i18n/uk-words.ts';
import { englishIn } from '../fixtures/english-words.ts';
import { SAID_SAMPLES } from '../fixtures/said-samples.ts';

const keys = Object.keys(EN) as SaidKey[];
const sample = (key: SaidKey) => ({ key, params: SAID_SAMPLES[key] }) as Said;

describe('what the runtime says, in Ukrainian', () => {
  it('has a sample for every key', () => {
    expect(Object.keys(SAID_SAMPLES).sort()).toEqual([...keys].sort());
    expect(Object.keys(UK_WORDS).sort()).toEqual([...keys].sort());
  });

  it.each(keys.filter((k) => k !== 'plain'))('%s is worded in Ukrainian, with no English but names', (key) => {
    const english = word(sample(key));
    const ukrainian = uk.say(sample(key));
    // A Said among the parameters reaches the dictionary worded, in the same language.
    const worded = Object.fromEntries(Object.entries(SAID_SAMPLES[key]).map(([k, v]) => [k, isSaid(v) ? word(v) : v]));
    expect(english).toBe(EN[key](worded as never));
    expect(ukrainian).not.toBe(english);
    expect(ukrainian).toMatch(/[а-щьюяєіїґ]/i);
    const given = Object.values(SAID_SAMPLES[key] as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
    expect(englishIn(ukrainian, given), ukrainian).toEqual([]);
    // Names and addresses reach the reader unchanged.
    for (const value of Object.values(SAID_SAMPLES[key] as Record<string, unknown>)) {
      if (typeof value === 'string' && /^(https?:|[\w-]+\.(gguf|org)$)/.test(value)) expect(ukrainian).toContain(value);
    }
  });

  it('the English dictionary words keys as the runtime does, and a key from a newer worker falls back to English', () => {
    for (const key of keys) expect(en.say(sample(key))).toBe(word(sample(key)));
    expect(uk.say({ key: 'fromTheFuture', params: {} } as unknown as Said)).toBe('fromTheFuture');
  });

  it('every error class has a Ukrainian title', () => {
    for (const Class of ERROR_CLASSES) {
      const code = new Class('').code as ErrorCode;
      expect(uk.errorTitle(code), code).toMatch(/[а-яєіїґ]/i);
    }
  });

  it('sizes use Ukrainian units and a decimal comma', () => {
    expect([ukBytes(812), ukBytes(7_600_000), ukBytes(2_390_000_000)]).toEqual(['812 Б', '7,6 МБ', '2,39 ГБ']);
    expect(uk.bytes(1500)).toBe('1,5 кБ');
  });
});
