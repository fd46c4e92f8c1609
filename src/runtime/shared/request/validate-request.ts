import type { ChatMessage, ChatRequest, RequestMessage, Tool } from '../engine.ts';
import { InvalidRequestError } from '../errors/errors.ts';
import { type Said, say } from '../errors/said.ts';
import { checkParts } from './content-parts.ts';

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
/** OpenAI's rule for function and schema names. */
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function check(ok: boolean, message: string | Said): asserts ok {
  if (!ok) throw new InvalidRequestError(message);
}

/**
 * Rejects a malformed request with a message that names the field and the allowed range; returns its
 * messages with text content throughout (an assistant message that only called tools gets ""), and a
 * user message's parts where it carries pictures.
 */
export function validateChatRequest(request: ChatRequest): ChatMessage[] {
  const { messages, temperature, top_p, max_tokens, stop, seed } = request;
  check(Array.isArray(messages) && messages.length > 0, say('emptyConversation'));
  const callIds = new Set<string>();
  const normalized = messages.map((m, i) => checkMessage(m, i, callIds));
  check(
    messages.some((m) => m.role === 'user'),
    say('noUserMessage'),
  );
  const inRange = (v: number | undefined, lo: number, hi: number) => v === undefined || (Number.isFinite(v) && v >= lo && v <= hi);
  check(inRange(temperature, 0, 2), say('temperatureRange', { value: String(temperature) }));
  check(inRange(top_p, 0, 1) && top_p !== 0, say('topPRange', { value: String(top_p) }));
  check(
    max_tokens === undefined || (Number.isInteger(max_tokens) && max_tokens >= 1 && max_tokens <= 1_000_000),
    say('maxTokensRange', { value: String(max_tokens) }),
  );
  const stops = stop === undefined ? [] : Array.isArray(stop) ? stop : [stop];
  check(stops.length <= 4, say('tooManyStops', { count: stops.length }));
  check(
    stops.every((s) => typeof s === 'string' && s.length > 0),
    say('emptyStop'),
  );
  check(seed === undefined || Number.isSafeInteger(seed), say('seedWhole', { value: String(seed) }));
  check(
    request.cache_prompt === undefined || typeof request.cache_prompt === 'boolean',
    `cache_prompt must be true or false (got ${String(request.cache_prompt)}).`,
  );
  checkTools(request);
  checkResponseFormat(request.response_format);
  return normalized;
}

function checkMessage(m: RequestMessage, i: number, callIds: Set<string>): ChatMessage {
  const at = `Message ${i + 1}`;
  check(ROLES.has(m?.role), `${at} has role "${String(m?.role)}"; use system, user, assistant or tool.`);
  if (m.role === 'assistant' && m.tool_calls !== undefined) {
    check(Array.isArray(m.tool_calls), `${at}: tool_calls is a list of calls.`);
    for (const [j, c] of m.tool_calls.entries()) {
      const where = `${at}, tool call ${j + 1}`;
      check(isObject(c) && typeof c.id === 'string' && c.id.length > 0, `${where} has no id.`);
      check(c.type === 'function' && isObject(c.function), `${where} must be {type: "function", function: {name, arguments}}.`);
      check(
        typeof c.function.name === 'string' && NAME.test(c.function.name),
        `${where} names no valid function ("${String(c.function.name)}").`,
      );
      check(typeof c.function.arguments === 'string', `${where}: arguments is JSON text (a string).`);
      callIds.add(c.id);
    }
    check(m.content == null || typeof m.content === 'string', `${at} has content that is not text.`);
    return { role: 'assistant', content: m.content ?? '', tool_calls: m.tool_calls };
  }
  const given = Array.isArray(m.content) ? checkParts(m, at) : { content: m.content };
  const text = given.content;
  check(typeof text === 'string', `${at} has no text content.`);
  if (m.role === 'tool') {
    check(
      typeof m.tool_call_id === 'string' && m.tool_call_id.length > 0,
      `${at} is a tool result without tool_call_id: say which call it answers.`,
    );
    check(
      callIds.has(m.tool_call_id),
      `${at} answers tool call "${m.tool_call_id}", which no earlier assistant message made. Send the assistant message with that call before its result.`,
    );
    return { role: 'tool', content: text, tool_call_id: m.tool_call_id };
  }
  return 'parts' in given && given.parts ? { role: m.role, content: text, parts: given.parts } : { role: m.role, content: text };
}

function checkTools({ tools, tool_choice, parallel_tool_calls }: ChatRequest): void {
  const names = new Set<string>();
  if (tools !== undefined) {
    check(Array.isArray(tools), 'tools is a list of {type: "function", function: {name, parameters}}.');
    for (const [i, t] of (tools as unknown[]).entries()) {
      const tool = t as Tool;
      check(
        isObject(tool) && tool.type === 'function' && isObject(tool.function),
        `Tool ${i + 1} must be {type: "function", function: {name, parameters}}.`,
      );
      const name = tool.function.name;
      check(
        typeof name === 'string' && NAME.test(name),
        `Tool ${i + 1} is named "${String(name)}": a function name is 1 to 64 letters, digits, "_" or "-".`,
      );
      check(!names.has(name), `Two tools are named "${name}": each needs its own name.`);
      names.add(name);
      check(
        tool.function.parameters === undefined || isObject(tool.function.parameters),
        `Tool "${name}": parameters is a JSON Schema object.`,
      );
      check(
        tool.function.description === undefined || typeof tool.function.description === 'string',
        `Tool "${name}": description is text.`,
      );
    }
  }
  if (tool_choice !== undefined) {
    if (typeof tool_choice === 'string') {
      check(
        ['auto', 'none', 'required'].includes(tool_choice),
        `tool_choice "${tool_choice}" is not one of auto, none, required or {type: "function", function: {name}}.`,
      );
      check(tool_choice !== 'required' || names.size > 0, 'tool_choice "required" needs tools to choose from.');
    } else {
      check(
        isObject(tool_choice) && tool_choice.type === 'function' && isObject(tool_choice.function),
        'tool_choice must be auto, none, required or {type: "function", function: {name}}.',
      );
      check(
        names.has(tool_choice.function.name),
        `tool_choice names "${String(tool_choice.function.name)}", which is not among the tools.`,
      );
    }
  }
  check(parallel_tool_calls === undefined || typeof parallel_tool_calls === 'boolean', 'parallel_tool_calls must be true or false.');
}

function checkResponseFormat(format: ChatRequest['response_format']): void {
  if (format === undefined) return;
  check(
    isObject(format) && ['text', 'json_object', 'json_schema'].includes(format.type),
    'response_format.type must be text, json_object or json_schema.',
  );
  if (format.type !== 'json_schema') return;
  const spec = format.json_schema;
  check(isObject(spec), 'response_format json_schema needs json_schema: {name, schema}.');
  check(
    typeof spec.name === 'string' && NAME.test(spec.name),
    `response_format.json_schema.name "${String(spec.name)}" must be 1 to 64 letters, digits, "_" or "-".`,
  );
  check(spec.schema === undefined || isObject(spec.schema), 'response_format.json_schema.schema must be a JSON Schema object.');
}
