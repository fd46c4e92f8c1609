/** Whole numbers between bounds as a llama.cpp grammar (GBNF) allows them: decimal, no leading zeros, "-" before negatives. */

import { InvalidRequestError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';

type Schema = Record<string, unknown>;
/** llama.cpp bounds one-sided integers to 16 digits. */
const MAX_DIGITS = 16;

/** The schema's lower bound on an integer, if any. */
export const lowest = (s: Schema): bigint | null =>
  typeof s.minimum === 'number'
    ? BigInt(Math.ceil(s.minimum))
    : typeof s.exclusiveMinimum === 'number'
      ? BigInt(Math.floor(s.exclusiveMinimum) + 1)
      : null;
/** The schema's upper bound on an integer, if any. */
export const highest = (s: Schema): bigint | null =>
  typeof s.maximum === 'number'
    ? BigInt(Math.floor(s.maximum))
    : typeof s.exclusiveMaximum === 'number'
      ? BigInt(Math.ceil(s.exclusiveMaximum) - 1)
      : null;

/** Whole numbers from `min` to `max` (either open) as JSON writes them; open ends stop at 16 digits, as llama.cpp's do. */
export function integerRange(min: bigint | null, max: bigint | null): string {
  const widest = BigInt('9'.repeat(MAX_DIGITS));
  const lo = min ?? -widest;
  const hi = max ?? widest;
  if (lo > hi) throw new InvalidRequestError(say('noWholeNumber', { lo: String(lo), hi: String(hi) }));
  const parts: string[] = [];
  if (lo < 0n) parts.push(`"-" (${naturals(hi < 0n ? -hi : 1n, -lo)})`);
  if (hi >= 0n) parts.push(naturals(lo > 0n ? lo : 0n, hi));
  return parts.join(' | ');
}

/** Non-negative whole numbers from `lo` to `hi`, without leading zeros. */
function naturals(lo: bigint, hi: bigint): string {
  const parts: string[] = [];
  const [from, to] = [String(lo), String(hi)];
  for (let width = from.length; width <= to.length; width++) {
    const a = width === from.length ? from : `1${'0'.repeat(width - 1)}`;
    const b = width === to.length ? to : '9'.repeat(width);
    parts.push(sameWidth(a, b));
  }
  return parts.join(' | ');
}

/** Digit strings of one width from `a` to `b`. */
function sameWidth(a: string, b: string): string {
  if (a === b) return `"${a}"`;
  let i = 0;
  while (a[i] === b[i]) i++;
  const prefix = i ? `"${a.slice(0, i)}" ` : '';
  const [x, y] = [Number(a[i]), Number(b[i])];
  const rest = a.length - i - 1;
  if (rest === 0) return `${prefix}[${x}-${y}]`;
  const [low, high] = [a.slice(i + 1), b.slice(i + 1)];
  const fromZero = /^0+$/.test(low);
  const toNine = /^9+$/.test(high);
  const parts: string[] = [];
  if (!fromZero) parts.push(`[${x}] (${sameWidth(low, '9'.repeat(rest))})`);
  const [first, last] = [fromZero ? x : x + 1, toNine ? y : y - 1];
  if (first <= last) parts.push(`[${first}-${last}] [0-9]{${rest}}`);
  if (!toNine) parts.push(`[${y}] (${sameWidth('0'.repeat(rest), high)})`);
  return `${prefix}(${parts.join(' | ')})`;
}
