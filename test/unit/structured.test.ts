import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, Tool } from '../../src/runtime/shared/engine.ts';
import { InvalidRequestError, UnsupportedFeatureError } from '../../src/runtime/shared/errors/errors.ts';
import { validateChatRequest } from '../../src/runtime/shared/request/validate-request.ts';
import { localPlan } from '../../src/runtime/worker/structured/local-plan.ts';
import { replyAssembler } from '../../src/runtime/worker/structured/reply-assembler.ts';
import { checkSchema } from '../../src/runtime/worker/structured/schema-support.ts';
import { renderToolHistory, toolReplySchema } from '../../src/runtime/worker/structured/tool-protocol.ts';
import { toolReplyReader } from '../../src/runtime/worker/structured/tool-reply.ts';

const user = [{ role: 'user' as const, content: 'What is 2 + 3?' }];
const add: Tool = {
  type: 'function',
  function: {
    name: 'add',
    description: 'Adds two numbers',
    parameters: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
      additionalProperties: false,
    },
  },
};
const convert: Tool = {
  type: 'function',
  function: { name: 'convert', parameters: { type: 'object', properties: { unit: { enum: ['km', 'mi'] } }, required: ['unit'] } },
};
const call = { id: 'call_1', type: 'function' as const, function: { name: 'add', arguments: '{"a":2,"b":3}' } };

/** Feeds `text` one character at a time, as a token-per-character model streams it. */
function stream(text: string) {
  const reader = toolReplyReader();
  const deltas = [...text].map((ch) => reader.push(ch));
  return { deltas, result: reader.result() };
}

describe('checkSchema (what a local engine can guarantee)', () => {
  it('accepts the keywords both converters enforce, local $refs and recursion', () => {
    const tree = {
      $defs: {
        node: {
          type: 'object',
          properties: { value: { type: 'integer', minimum: 0 }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
        },
      },
      $ref: '#/$defs/node',
    };
    expect(() => checkSchema(tree, 'llama.cpp', 'schema')).not.toThrow();
    const rich = {
      type: 'object',
      title: 'Query',
      properties: {
        when: { type: 'string', format: 'date' },
        kind: { enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string', maxLength: 10 }, minItems: 1, maxItems: 3 },
        either: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        pair: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'boolean' }] },
      },
      required: ['when'],
      additionalProperties: false,
    };
    expect(() => checkSchema(rich, 'web-llm', 'schema')).not.toThrow();
  });

  it.each<[unknown, RegExp]>([
    [
      { type: 'object', properties: { n: { not: { type: 'null' } } } },
      /llama\.cpp cannot guarantee the JSON Schema feature "not" \(at schema\.properties\.n\.not\)/,
    ],
    [{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, /"oneOf".*use anyOf/],
    [{ type: 'string', pattern: '^a+$' }, /"pattern"/],
    [{ type: 'number', minimum: 0.5 }, /"minimum".*bound an integer/],
    [{ type: 'string', format: 'email' }, /format "email".*date, time, date-time, uuid/],
    [{ type: 'array', items: { type: 'string' }, uniqueItems: true }, /"uniqueItems"/],
    [{ $ref: 'https://example.com/schema.json' }, /\$ref to another document/],
  ])('refuses %j by feature and engine', (schema, message) => {
    expect(() => checkSchema(schema, 'llama.cpp', 'schema')).toThrow(UnsupportedFeatureError);
    expect(() => checkSchema(schema, 'llama.cpp', 'schema')).toThrow(message);
  });

  it('names the engine and feature in the error details', () => {
    try {
      checkSchema({ type: 'object', patternProperties: {} }, 'web-llm', 'response_format.json_schema.schema');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNSUPPORTED_FEATURE', details: { feature: 'patternProperties', engine: 'web-llm' } });
    }
  });

  it.each<[unknown, RegExp]>([
    ['object', /schema is not a valid JSON Schema: a schema is an object/],
    [{ type: 'text' }, /schema\.type is not a valid JSON Schema: "text" is not a JSON type/],
    [{ type: 'object', required: 'a' }, /required is a list of property names/],
    [{ enum: [] }, /enum is a non-empty list/],
    [{ $ref: '#/$defs/missing' }, /"#\/\$defs\/missing" points at nothing/],
    [{ type: 'array', maxItems: -1 }, /maxItems is a whole number/],
  ])('calls %j malformed', (schema, message) => {
    expect(() => checkSchema(schema, 'llama.cpp', 'schema')).toThrow(InvalidRequestError);
    expect(() => checkSchema(schema, 'llama.cpp', 'schema')).toThrow(message);
  });
});

describe('validateChatRequest: tools and formats', () => {
  it('accepts a complete tool loop and gives tool-only replies empty text', () => {
    const messages = validateChatRequest({
      messages: [...user, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: '5' }],
      tools: [add],
      tool_choice: { type: 'function', function: { name: 'add' } },
    });
    expect(messages[1]).toEqual({ role: 'assistant', content: '', tool_calls: [call] });
    expect(messages[2]).toEqual({ role: 'tool', content: '5', tool_call_id: 'call_1' });
  });

  it.each<[Partial<ChatRequest>, RegExp]>([
    [
      { tools: [{ type: 'function', function: { name: 'add numbers' } }] },
      /Tool 1 is named "add numbers": a function name is 1 to 64 letters/,
    ],
    [{ tools: [add, add] }, /Two tools are named "add"/],
    [
      { tools: [{ type: 'function', function: { name: 'f', parameters: 'x' as unknown as Record<string, unknown> } }] },
      /parameters is a JSON Schema object/,
    ],
    [{ tool_choice: 'required' }, /"required" needs tools/],
    [{ tools: [add], tool_choice: 'sometimes' as 'auto' }, /tool_choice "sometimes" is not one of/],
    [{ tools: [add], tool_choice: { type: 'function', function: { name: 'sub' } } }, /names "sub", which is not among the tools/],
    [
      { messages: [...user, { role: 'tool', tool_call_id: 'call_9', content: '5' }] },
      /answers tool call "call_9", which no earlier assistant message made/,
    ],
    [{ messages: [...user, { role: 'tool', content: '5' }] }, /without tool_call_id/],
    [{ messages: [...user, { role: 'assistant', content: null, tool_calls: [{ ...call, id: '' }] }] }, /tool call 1 has no id/],
    [
      { response_format: { type: 'yaml' } as unknown as ChatRequest['response_format'] },
      /response_format.type must be text, json_object or json_schema/,
    ],
    [{ response_format: { type: 'json_schema', json_schema: { name: 'a b' } } }, /json_schema.name "a b"/],
  ])('refuses %j with its own message', (change, message) => {
    expect(() => validateChatRequest({ messages: user, ...change } as ChatRequest)).toThrow(InvalidRequestError);
    expect(() => validateChatRequest({ messages: user, ...change } as ChatRequest)).toThrow(message);
  });
});

describe('the tool protocol for local models', () => {
  it('samples under a schema that allows only a matching call, or text when the choice is auto', () => {
    const ajv = new Ajv({ strict: false });
    const auto = ajv.compile(toolReplySchema([add, convert], 'auto'));
    expect(auto({ tool_calls: [{ name: 'add', arguments: { a: 1, b: 2 } }] })).toBe(true);
    expect(auto({ tool_calls: [{ name: 'add', arguments: { a: 1 } }] })).toBe(false);
    expect(auto({ tool_calls: [{ name: 'convert', arguments: { unit: 'ly' } }] })).toBe(false);
    expect(auto({ content: 'Five.' })).toBe(true);
    const required = ajv.compile(toolReplySchema([add, convert], 'required'));
    expect(required({ content: 'Five.' })).toBe(false);
    const named = ajv.compile(toolReplySchema([add, convert], { type: 'function', function: { name: 'convert' } }));
    expect(named({ tool_calls: [{ name: 'add', arguments: { a: 1, b: 2 } }] })).toBe(false);
    expect(
      named({
        tool_calls: [
          { name: 'convert', arguments: { unit: 'km' } },
          { name: 'convert', arguments: { unit: 'mi' } },
        ],
      }),
    ).toBe(false);
    const single = ajv.compile(toolReplySchema([add], 'auto', false));
    expect(
      single({
        tool_calls: [
          { name: 'add', arguments: { a: 1, b: 2 } },
          { name: 'add', arguments: { a: 1, b: 2 } },
        ],
      }),
    ).toBe(false);
  });

  it('writes earlier calls and results in its JSON, in roles every template knows', () => {
    const rendered = renderToolHistory(
      validateChatRequest({
        messages: [
          ...user,
          { role: 'assistant', content: null, tool_calls: [call] },
          { role: 'tool', tool_call_id: 'call_1', content: '5' },
        ],
      }),
    );
    expect(rendered.slice(1)).toEqual([
      { role: 'assistant', content: '{"tool_calls":[{"name":"add","arguments":{"a":2,"b":3}}]}' },
      { role: 'user', content: '{"tool_result":{"name":"add","content":"5"}}' },
    ]);
  });

  it('describes the tools in the system message and leaves them out for tool_choice none', () => {
    const request: ChatRequest = { messages: [{ role: 'system', content: 'Be brief.' }, ...user], tools: [add] };
    const plan = localPlan(request, validateChatRequest(request), 'llama.cpp');
    expect(plan.reader).toBe('tools');
    expect(plan.messages[0]?.content).toMatch(
      /^Be brief\.\n\nYou can call these functions.*\n\[\{"name":"add","description":"Adds two numbers"/s,
    );
    const none = localPlan({ ...request, tool_choice: 'none' }, validateChatRequest(request), 'llama.cpp');
    expect(none).toEqual({ messages: [{ role: 'system', content: 'Be brief.' }, ...user], constraint: null, reader: 'text' });
  });

  it('refuses tools together with a JSON format, and a tool schema it cannot enforce', () => {
    const both: ChatRequest = { messages: user, tools: [add], response_format: { type: 'json_object' } };
    expect(() => localPlan(both, validateChatRequest(both), 'web-llm')).toThrow(
      /web-llm cannot combine tools with response_format "json_object"/,
    );
    const odd: ChatRequest = {
      messages: user,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', minProperties: 1 } } }],
    };
    expect(() => localPlan(odd, validateChatRequest(odd), 'llama.cpp')).toThrow(
      /"minProperties" \(at tools\[0\]\.function\.parameters\.minProperties\)/,
    );
  });

  it('streams a call as OpenAI does: id and name first, then the arguments piece by piece', () => {
    const text = '{"tool_calls": [{"name": "add", "arguments": {"a": 2, "b": 3}}, {"name": "convert", "arguments": {"unit": "km"}}]}';
    const { deltas, result } = stream(text);
    const calls = deltas.flatMap((d) => d.tool_calls ?? []);
    expect(calls.filter((c) => c.id).map((c) => [c.index, c.function?.name])).toEqual([
      [0, 'add'],
      [1, 'convert'],
    ]);
    const args = (index: number) =>
      calls
        .filter((c) => c.index === index)
        .map((c) => c.function?.arguments ?? '')
        .join('');
    expect(args(0)).toBe('{"a": 2, "b": 3}');
    expect(args(1)).toBe('{"unit": "km"}');
    expect(deltas.some((d) => d.content)).toBe(false);
    expect(result.content).toBeNull();
    expect(result.tool_calls?.map((c) => [c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['add', { a: 2, b: 3 }],
      ['convert', { unit: 'km' }],
    ]);
    expect(result.tool_calls?.[0]?.id).toBe(calls[0]?.id);
    expect(result.tool_calls?.[0]?.id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('streams text replies as text, escapes decoded, with no escape split across deltas', () => {
    const { deltas, result } = stream('{"content": "Five \\"5\\" \\u00e9\\ud83d\\ude00 ok"}');
    expect(deltas.map((d) => d.content ?? '').join('')).toBe('Five "5" é😀 ok');
    expect(deltas.every((d) => !d.content?.includes('\\'))).toBe(true);
    expect(result).toEqual({ content: 'Five "5" é😀 ok' });
  });

  it('makes a finished call the finish reason, and keeps a cut reply as far as it got', () => {
    const done = replyAssembler({ reader: 'tools' });
    done.push('{"tool_calls":[{"name":"add","arguments":{"a":1,"b":2}}]}');
    expect(done.result('stop')).toMatchObject({
      finish: 'tool_calls',
      message: { content: null, tool_calls: [{ function: { name: 'add' } }] },
    });
    const cut = replyAssembler({ reader: 'tools' });
    cut.push('{"content": "Fi');
    expect(cut.result('length')).toEqual({ finish: 'length', message: { role: 'assistant', content: 'Fi' } });
  });
});
