/**
 * Which JSON Schema a local engine can enforce while sampling. llama.cpp converts schemas to a grammar
 * (its json-schema-to-grammar) and web-llm through xgrammar; both enforce the keywords below and
 * ignore the rest, so anything else is refused here, by name, before a token is generated.
 */

import { InvalidRequestError, UnsupportedFeatureError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import type { SchemaAdvice, SchemaFault } from '../../shared/words/en.ts';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
/** Words about the schema, not constraints on the value: harmless to pass through. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  '$schema',
  '$id',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const STRUCTURE = new Set(['type', 'enum', 'const', 'anyOf', '$ref', '$defs', 'definitions']);
const BY_TYPE: Record<string, readonly string[]> = {
  object: ['properties', 'required', 'additionalProperties'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems'],
  string: ['minLength', 'maxLength', 'format'],
  // Both converters bound integers only; a bound on a fractional number would not be enforced.
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'],
};
const INFERS_TYPE = new Set(['properties', 'required', 'additionalProperties', 'items', 'prefixItems']);
/** String formats both converters turn into a grammar; any other would be ignored. */
const FORMATS = new Set(['date', 'time', 'date-time', 'uuid']);
/** Why a common keyword is refused, with what to use instead. */
const ADVICE: Record<string, SchemaAdvice> = {
  oneOf: 'oneOf',
  allOf: 'allOf',
  pattern: 'pattern',
  minimum: 'bound',
  maximum: 'bound',
  exclusiveMinimum: 'bound',
  exclusiveMaximum: 'bound',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type LocalEngine = 'llama.cpp' | 'web-llm';

/**
 * Throws InvalidRequestError for a schema that is not a JSON Schema, and UnsupportedFeatureError for
 * one the engine could not guarantee; `where` names it in messages ("response_format.json_schema.schema").
 */
export function checkSchema(schema: unknown, engine: LocalEngine, where: string): void {
  const root = schema;
  const malformed = (path: string, fault: SchemaFault, word = '') =>
    new InvalidRequestError(say('schemaInvalid', { path: where + path, fault, word }), { path: where + path });
  const unsupported = (path: string, feature: string, advice: SchemaAdvice = 'none') =>
    new UnsupportedFeatureError(say('schemaUnsupported', { engine, feature, where, path, advice }), {
      feature,
      engine,
      path: where + path,
    });

  const resolve = (ref: string, path: string): unknown => {
    if (!ref.startsWith('#/')) throw unsupported(`${path}.$ref`, '$ref to another document', 'remoteRef');
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
      node = isObject(node) ? node[key] : undefined;
      if (node === undefined) throw malformed(`${path}.$ref`, 'ref-nowhere', ref);
    }
    return node;
  };

  const visit = (node: unknown, path: string, refs: readonly string[]): void => {
    if (typeof node === 'boolean') return;
    if (!isObject(node)) throw malformed(path, 'not-object');
    const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
    for (const t of types) if (typeof t !== 'string' || !TYPES.has(t)) throw malformed(`${path}.type`, 'not-type', String(t));
    const allowed = new Set([...ANNOTATIONS, ...STRUCTURE, ...types.flatMap((t) => BY_TYPE[t] ?? [])]);
    for (const key of Object.keys(node)) {
      if (allowed.has(key)) continue;
      const owner = Object.entries(BY_TYPE).find(([, keys]) => keys.includes(key))?.[0];
      // A keyword of another type does nothing here (JSON Schema applies it only to values of that type)…
      const inert = owner !== undefined && types.length > 0 && !types.includes(owner) && !(owner === 'integer' && types.includes('number'));
      // …and a schema with properties or items but no type is taken as an object or an array.
      const untyped = types.length === 0 && INFERS_TYPE.has(key);
      if (inert || untyped) continue;
      throw unsupported(`${path}.${key}`, key, ADVICE[key]);
    }
    if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) throw malformed(`${path}.enum`, 'enum');
    if (typeof node.format === 'string' && !FORMATS.has(node.format))
      throw unsupported(`${path}.format`, `format "${node.format}"`, 'format');
    if (node.required !== undefined && !(Array.isArray(node.required) && node.required.every((r) => typeof r === 'string')))
      throw malformed(`${path}.required`, 'required');
    if (node.properties !== undefined && !isObject(node.properties)) throw malformed(`${path}.properties`, 'properties');
    for (const key of ['minItems', 'maxItems', 'minLength', 'maxLength'])
      if (node[key] !== undefined && !(Number.isInteger(node[key]) && (node[key] as number) >= 0))
        throw malformed(`${path}.${key}`, 'whole', key);
    if (isObject(node.properties))
      for (const [name, sub] of Object.entries(node.properties)) visit(sub, `${path}.properties.${name}`, refs);
    if (node.additionalProperties !== undefined) visit(node.additionalProperties, `${path}.additionalProperties`, refs);
    if (node.items !== undefined) visit(node.items, `${path}.items`, refs);
    for (const list of ['prefixItems', 'anyOf'] as const) {
      const value = node[list];
      if (value === undefined) continue;
      if (!Array.isArray(value) || value.length === 0) throw malformed(`${path}.${list}`, 'list', list);
      for (const [i, sub] of value.entries()) visit(sub, `${path}.${list}[${i}]`, refs);
    }
    for (const defs of ['$defs', 'definitions'] as const) {
      const value = node[defs];
      if (value === undefined) continue;
      if (!isObject(value)) throw malformed(`${path}.${defs}`, 'map', defs);
      for (const [name, sub] of Object.entries(value)) visit(sub, `${path}.${defs}.${name}`, refs);
    }
    if (node.$ref !== undefined) {
      if (typeof node.$ref !== 'string') throw malformed(`${path}.$ref`, 'ref');
      // A recursive schema is checked once per reference, not forever.
      if (!refs.includes(node.$ref)) visit(resolve(node.$ref, path), `${path}.$ref(${node.$ref})`, [...refs, node.$ref]);
    }
  };
  visit(schema, '', []);
}
