import { describe, expect, it } from 'vitest';
import { integerRange } from '../../src/runtime/worker/structured/integer-range.ts';
import { schemaGrammar } from '../../src/runtime/worker/structured/json-grammar.ts';
import { toolReplySchema } from '../../src/runtime/worker/structured/tool-protocol.ts';

/** The rules a grammar defines, and every rule name its bodies use. */
function names(grammar: string) {
  const rules = new Map(grammar.split('\n').map((line) => line.split(' ::= ') as [string, string]));
  const used = new Set<string>();
  for (const body of rules.values()) {
    const bare = body.replace(/"(\\.|[^"\\])*"/g, ' ').replace(/\[(\\.|[^\]\\])*\]/g, ' ');
    for (const word of bare.match(/[a-z][a-z0-9-]*/g) ?? []) used.add(word);
  }
  return { rules, used };
}

/** A range rule (quoted digits, classes, counts, groups, alternatives) as a regular expression. */
const asRegExp = (rule: string) => new RegExp(`^(${rule.replace(/"([^"]*)"/g, '$1').replaceAll(' ', '')})$`);

describe('schemaGrammar', () => {
  it('defines every rule it uses, roots the reply, and writes values without whitespace after them', () => {
    const tree = {
      $defs: {
        node: {
          type: 'object',
          properties: { v: { type: 'integer', minimum: -5 }, kids: { type: 'array', items: { $ref: '#/$defs/node' } } },
        },
      },
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
        tags: { type: 'array', items: { type: 'string', maxLength: 10 }, minItems: 1, maxItems: 3 },
        either: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        pair: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'boolean' }] },
        tree: { $ref: '#/$defs/node' },
        extra: { type: 'object', properties: { k: { type: 'string' } }, additionalProperties: { type: 'number' } },
        kind: { const: 'x' },
        any: {},
      },
      required: ['when'],
      additionalProperties: false,
    };
    for (const schema of [
      tree,
      { type: 'object' },
      { type: 'string' },
      toolReplySchema([{ type: 'function', function: { name: 'f' } }], 'auto'),
    ]) {
      const grammar = schemaGrammar(schema);
      const { rules, used } = names(grammar);
      expect(rules.has('root'), grammar).toBe(true);
      for (const name of used) expect(rules.has(name), `${name} in\n${grammar}`).toBe(true);
    }
    const { rules } = names(schemaGrammar(tree));
    expect(rules.get('reply-kind')).toBe('"\\"x\\""');
    expect(rules.get('string')).toBe('"\\"" char* "\\""');
    expect(rules.get('reply-tags')).toBe('"[" space reply-tags-item ("," space reply-tags-item){0,2} space "]"');
    expect(rules.get('reply-tags-item')).toBe('"\\"" char{0,10} "\\""');
    expect(rules.get('ref-defs-node-kids-item')).toBe('ref-defs-node');
    // Declared properties in order, the first one required; no key but "k" repeats in "extra", any number of others may.
    expect(rules.get('reply')).toMatch(/^"\{" space reply-when-kv \( "," space \( reply-id-kv reply-id-rest \| /);
    expect(rules.get('reply-extra-additional-k')).toBe('["] ( [k] char+ | [^"k] char* )? ["]');
  });

  it('refuses a schema that allows nothing, and a $ref to nothing', () => {
    expect(() => schemaGrammar({ type: 'object', properties: { a: false } })).toThrow(/allows no value/);
    expect(() => schemaGrammar({ $ref: '#/$defs/missing' })).toThrow(/points at nothing/);
  });
});

describe('integerRange', () => {
  const cases: [bigint | null, bigint | null][] = [
    [1n, 30n],
    [0n, 99n],
    [-5n, null],
    [null, 99n],
    [-120n, -7n],
    [-15n, 250n],
    [7n, 7n],
    [101n, 1999n],
  ];
  it.each(cases)('from %s to %s allows exactly the whole numbers in between, as JSON writes them', (min, max) => {
    const re = asRegExp(integerRange(min, max));
    for (let n = -400; n <= 2500; n++) {
      const inside = (min === null || BigInt(n) >= min) && (max === null || BigInt(n) <= max);
      expect(re.test(String(n)), `${n}`).toBe(inside);
    }
    for (const bad of ['01', '-0', '+1', '', '1.0', '--1']) expect(re.test(bad), bad).toBe(false);
  });

  it('stops open ends at 16 digits, as llama.cpp does', () => {
    const re = asRegExp(integerRange(0n, null));
    expect(re.test('9'.repeat(16))).toBe(true);
    expect(re.test(`1${'0'.repeat(16)}`)).toBe(false);
  });

  it('refuses an empty range', () => {
    expect(() => integerRange(5n, 4n)).toThrow(/No whole number/);
  });
});
