/**
 * A JSON Schema as a llama.cpp grammar (GBNF) that allows the JSON llama.cpp's own
 * json-schema-to-grammar allows: the same whitespace, numbers, strings, property order and bounds.
 * llama.cpp receives it as a plain `grammar`, not as `response_format`: llama-server feeds a
 * response_format grammar the chat template's generation prompt first, and that feed fails on
 * SentencePiece files with a space prefix, as Phi-3's own GGUF is (docs/library.md, "JSON and tools on llama.cpp").
 * Only the keywords schema-support.ts lets through reach here.
 */

import { InvalidRequestError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { highest, integerRange, lowest } from './integer-range.ts';

/** JSON's own rules, each with the rules it uses. Values carry no whitespace after them; brackets allow it before they close. */
const BUILTIN: Record<string, { body: string; uses?: readonly string[] }> = {
  space: { body: String.raw`| " " | "\n"{1,2} [ \t]{0,20}` },
  'integral-part': { body: '[0] | [1-9] [0-9]{0,15}' },
  'decimal-part': { body: '[0-9]{1,16}' },
  // Two exponent digits keep every number a finite double (at most about 1e115); llama.cpp's own rule allows 1e9999, which parses as Infinity.
  number: { body: '("-"? integral-part) ("." decimal-part)? ([eE] [-+]? [0-9]{1,2})?', uses: ['integral-part', 'decimal-part'] },
  integer: { body: '("-"? integral-part)', uses: ['integral-part'] },
  boolean: { body: '("true" | "false")' },
  null: { body: '"null"' },
  char: { body: String.raw`[^"\\\x7F\x00-\x1F] | [\\] (["\\bfnrt] | "u" [0-9a-fA-F]{4})` },
  string: { body: String.raw`"\"" char* "\""`, uses: ['char'] },
  value: { body: 'object | array | string | number | boolean | null', uses: ['object', 'array', 'string', 'number', 'boolean', 'null'] },
  object: {
    body: '"{" space ( string ":" space value ("," space string ":" space value)* )? space "}"',
    uses: ['string', 'value', 'space'],
  },
  array: { body: '"[" space ( value ("," space value)* )? space "]"', uses: ['value', 'space'] },
  uuid: { body: String.raw`"\"" [0-9a-fA-F]{8} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{4} "-" [0-9a-fA-F]{12} "\""` },
  date: { body: '[0-9]{4} "-" ( "0" [1-9] | "1" [0-2] ) "-" ( "0" [1-9] | [1-2] [0-9] | "3" [0-1] )' },
  time: {
    body: '([01] [0-9] | "2" [0-3]) ":" [0-5] [0-9] ":" [0-5] [0-9] ( "." [0-9]{3} )? ( "Z" | ( "+" | "-" ) ( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] )',
  },
  'date-time': { body: 'date "T" time', uses: ['date', 'time'] },
};
const FORMATS: Record<string, string> = { date: 'date', time: 'time', 'date-time': 'date-time' };

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const literal = (text: string) =>
  `"${text.replace(/[\r\n"\\]/g, (c) => ({ '\r': '\\r', '\n': '\\n', '"': '\\"', '\\': '\\\\' })[c] ?? c)}"`;
/** A character inside [ ]: those with a meaning there, or none at all in a grammar, as hex. */
const rangeChar = (c: string) => (/[\r\n"[\]\-\\^]/.test(c) ? `\\x${(c.codePointAt(0) as number).toString(16).padStart(2, '0')}` : c);

/** The grammar for `schema`, rooted at `root`. */
export function schemaGrammar(schema: unknown): string {
  const rules = new Map<string, string>();
  const refs = new Map<string, string>();

  const add = (hint: string, body: string): string => {
    const base = hint.replace(/[^a-zA-Z0-9-]+/g, '-') || 'root';
    let name = base;
    for (let i = 0; rules.has(name) && rules.get(name) !== body; i++) name = `${base}${i}`;
    rules.set(name, body);
    return name;
  };
  const builtin = (name: string): string => {
    const rule = BUILTIN[name] as { body: string; uses?: readonly string[] };
    if (!rules.has(name)) {
      rules.set(name, rule.body);
      for (const used of rule.uses ?? []) builtin(used);
    }
    return name;
  };
  const child = (hint: string, part: string) => `${hint}${hint ? '-' : ''}${part}`;
  /** A rule for `node`; named by `hint`, which never takes a built-in's name. */
  const rule = (node: unknown, hint: string): string => add(hint in BUILTIN ? `${hint}-` : hint, body(node, hint));

  const resolve = (ref: string): unknown => {
    let node: unknown = schema;
    for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    if (node === undefined) throw new InvalidRequestError(say('schemaRefNowhere', { ref }), { path: ref });
    return node;
  };

  const body = (node: unknown, hint: string): string => {
    if (node === true) return builtin('value');
    if (!isObject(node)) throw new InvalidRequestError(say('schemaAllowsNothing', { path: hint || 'root' }), { path: hint });
    const type = node.type;
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      const known = refs.get(ref);
      if (known) return known;
      const name = add(`ref${ref.slice(1)}`, '');
      refs.set(ref, name); // a recursive schema refers to the rule before its body is written
      rules.set(name, body(resolve(ref), name));
      return name;
    }
    if (Array.isArray(node.anyOf)) return node.anyOf.map((alt, i) => rule(alt, child(hint, `alternative-${i}`))).join(' | ');
    if (Array.isArray(type)) return type.map((t, i) => rule({ ...node, type: t }, child(hint, `type-${i}`))).join(' | ');
    if ('const' in node) return literal(JSON.stringify(node.const));
    if (Array.isArray(node.enum)) return `(${node.enum.map((v) => literal(JSON.stringify(v))).join(' | ')})`;
    const untypedOr = (t: string) => type === undefined || type === t;
    const extra = node.additionalProperties;
    if (untypedOr('object') && (isObject(node.properties) || (extra !== undefined && extra !== true))) return objectBody(node, hint);
    if (untypedOr('array') && (node.items !== undefined || node.prefixItems !== undefined)) return arrayBody(node, hint);
    const format = typeof node.format === 'string' ? node.format : '';
    if (untypedOr('string') && /^uuid[1-5]?$/.test(format)) return builtin('uuid');
    const dated = FORMATS[format];
    if (untypedOr('string') && dated) return String.raw`"\"" ${builtin(dated)} "\""`;
    if (type === 'string' && (node.minLength !== undefined || node.maxLength !== undefined)) {
      const chars = repeat(builtin('char'), Number(node.minLength ?? 0), node.maxLength === undefined ? Infinity : Number(node.maxLength));
      return String.raw`"\"" ${chars} "\""`;
    }
    if (type === 'integer' && ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some((k) => node[k] !== undefined)) {
      return `(${integerRange(lowest(node), highest(node))})`;
    }
    if (type === 'object') return builtin('object');
    if (type === undefined) return builtin('value');
    return builtin(String(type));
  };

  const objectBody = (node: Schema, hint: string): string => {
    const properties = Object.entries(isObject(node.properties) ? node.properties : {});
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    const pair = new Map<string, string>();
    for (const [name, sub] of properties) {
      const value = rule(sub, child(hint, name));
      pair.set(name, add(child(hint, `${name}-kv`), `${literal(JSON.stringify(name))} ${builtin('space')} ":" space ${value}`));
    }
    const names = properties.map(([name]) => name);
    const needed = names.filter((n) => required.has(n));
    const optional = names.filter((n) => !required.has(n));
    const extra = node.additionalProperties;
    if (extra === true || isObject(extra)) {
      const value = isObject(extra) ? rule(extra, child(hint, 'additional-value')) : builtin('value');
      const key = names.length ? add(child(hint, 'additional-k'), otherKeys(names)) : builtin('string');
      pair.set('*', add(child(hint, 'additional-kv'), `${key} ":" space ${value}`));
      optional.push('*');
    }
    // Optional properties come in schema order, each at most once; "*" (any other key) any number of times.
    const tail = (keys: readonly string[], leading: boolean): string => {
      const [key, ...rest] = keys as [string, ...string[]];
      const kv = pair.get(key) as string;
      const comma = `( "," space ${kv} )`;
      const head = leading ? kv + (key === '*' ? ` ${comma}*` : '') : comma + (key === '*' ? '*' : '?');
      return rest.length ? `${head} ${add(child(hint, `${key}-rest`), tail(rest, false))}` : head;
    };
    let out = `"{" space ${needed.map((n) => pair.get(n)).join(' "," space ')}`;
    if (optional.length) {
      const choices = optional.map((_, i) => tail(optional.slice(i), true)).join(' | ');
      out += needed.length ? ` ( "," space ( ${choices} ) )?` : ` ( ${choices} )?`;
    }
    return `${out} space "}"`;
  };

  const arrayBody = (node: Schema, hint: string): string => {
    const items = node.items ?? node.prefixItems;
    if (Array.isArray(items)) {
      const parts = items.map((item, i) => rule(item, child(hint, `tuple-${i}`)));
      return `"[" ${builtin('space')} ${parts.join(' "," space ')} space "]"`;
    }
    const item = rule(items, child(hint, 'item'));
    const max = typeof node.maxItems === 'number' ? node.maxItems : Infinity;
    return `"[" ${builtin('space')} ${repeat(item, Number(node.minItems ?? 0), max, '"," space')} space "]"`;
  };

  /** Any JSON string but the property names, as llama.cpp writes it (a key must run past a name's first character to differ). */
  const otherKeys = (names: readonly string[]): string => {
    interface Node {
      end: boolean;
      next: Map<string, Node>;
    }
    const trie: Node = { end: false, next: new Map() };
    for (const name of names) {
      let at = trie;
      for (const c of name) {
        const next = at.next.get(c) ?? { end: false, next: new Map() };
        at.next.set(c, next);
        at = next;
      }
      at.end = true;
    }
    const char = builtin('char');
    const alternatives = (node: Node): string => {
      const own = [...node.next].map(
        ([c, sub]) => `[${rangeChar(c)}]${sub.next.size ? ` (${alternatives(sub)})` : sub.end ? ` ${char}+` : ''}`,
      );
      const others = [...node.next.keys()].map(rangeChar).join('');
      return [...own, ...(node.next.size ? [`[^"${others}] ${char}*`] : [])].join(' | ');
    };
    return `["] ( ${alternatives(trie)} )${trie.end ? '' : '?'} ["]`;
  };

  // llama-server lets whitespace (or a Markdown fence) surround a reply format, then strips it; a plain grammar's reply is what it wrote.
  rules.set('root', rule(schema, 'reply'));
  builtin('space');
  return [...rules].map(([name, b]) => `${name} ::= ${b}`).join('\n');
}

/** `item` between `min` and `max` times, `separator` between them. */
function repeat(item: string, min: number, max: number, separator = ''): string {
  if (max === 0) return '';
  if (min === 0 && max === 1) return `${item}?`;
  const upper = max === Infinity ? '' : String(max);
  if (!separator) {
    if (max === Infinity && min <= 1) return `${item}${min ? '+' : '*'}`;
    return `${item}{${min},${upper}}`;
  }
  const more = repeat(`(${separator} ${item})`, Math.max(min - 1, 0), max === Infinity ? max : max - 1);
  return min === 0 ? `(${item} ${more})?` : `${item} ${more}`;
}
