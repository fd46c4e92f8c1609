/**
 * Tools for models whose chat template knows none (Phi-3's knows system, user and assistant only):
 * the functions are described in the system message, and the reply is constrained by a JSON Schema
 * to either `{"content": "…"}` or `{"tool_calls": [{"name": …, "arguments": {…}}]}`. Earlier calls
 * and their results are written back into the conversation in the same JSON, so the model sees them.
 */
import type { ChatMessage, ContentPart, Tool, ToolChoice } from '../../shared/engine.ts';

export type JsonSchema = Record<string, unknown>;

/** A message in the roles every chat template knows. */
export interface TemplateMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** A user message's text and pictures, in order, for an engine that sees. */
  parts?: ContentPart[] | undefined;
}

const ANY_OBJECT: JsonSchema = { type: 'object' };

function callSchema(tool: Tool): JsonSchema {
  return {
    type: 'object',
    properties: { name: { const: tool.function.name }, arguments: tool.function.parameters ?? ANY_OBJECT },
    required: ['name', 'arguments'],
    additionalProperties: false,
  };
}

/** The tools this reply may call: all of them, or the one `tool_choice` names. */
export function callableTools(tools: readonly Tool[], choice: ToolChoice | undefined): Tool[] {
  if (typeof choice === 'object') return tools.filter((t) => t.function.name === choice.function.name);
  return choice === 'none' ? [] : [...tools];
}

/** The schema the reply is sampled under. */
export function toolReplySchema(tools: readonly Tool[], choice: ToolChoice | undefined, parallel = true): JsonSchema {
  const callable = callableTools(tools, choice);
  const one = callable.length === 1 ? callSchema(callable[0] as Tool) : { anyOf: callable.map(callSchema) };
  const calls: JsonSchema = {
    type: 'object',
    properties: {
      tool_calls: { type: 'array', items: one, minItems: 1, ...(parallel && typeof choice !== 'object' ? {} : { maxItems: 1 }) },
    },
    required: ['tool_calls'],
    additionalProperties: false,
  };
  if (choice === 'required' || typeof choice === 'object') return calls;
  const text: JsonSchema = {
    type: 'object',
    properties: { content: { type: 'string' } },
    required: ['content'],
    additionalProperties: false,
  };
  return { anyOf: [calls, text] };
}

/** What the system message gains: the functions, and how to call them or answer. */
export function toolInstructions(tools: readonly Tool[], choice: ToolChoice | undefined): string {
  const callable = callableTools(tools, choice);
  const listed = callable.map((t) => ({
    name: t.function.name,
    ...(t.function.description ? { description: t.function.description } : {}),
    parameters: t.function.parameters ?? ANY_OBJECT,
  }));
  const how =
    typeof choice === 'object'
      ? `Call the function ${choice.function.name}: reply with only {"tool_calls": [{"name": "${choice.function.name}", "arguments": {…}}]}.`
      : choice === 'required'
        ? 'Call one or more of them: reply with only {"tool_calls": [{"name": "…", "arguments": {…}}]}.'
        : 'To call one or more, reply with only {"tool_calls": [{"name": "…", "arguments": {…}}]}. To answer in words instead, reply with only {"content": "your answer"}.';
  return [
    'You can call these functions (their parameters are JSON Schema):',
    JSON.stringify(listed),
    how,
    'Results come back as {"tool_result": {"name": "…", "content": "…"}}; use them to answer.',
  ].join('\n');
}

/** Earlier calls and results in the JSON the model writes and reads, as roles its template knows. */
export function renderToolHistory(messages: readonly ChatMessage[]): TemplateMessage[] {
  const names = new Map<string, string>();
  return messages.map((m): TemplateMessage => {
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const calls = m.tool_calls.map((c) => {
        names.set(c.id, c.function.name);
        return { name: c.function.name, arguments: parseOr(c.function.arguments) };
      });
      return { role: 'assistant', content: JSON.stringify({ tool_calls: calls }) };
    }
    if (m.role === 'tool') {
      const name = names.get(m.tool_call_id ?? '') ?? '';
      return { role: 'user', content: JSON.stringify({ tool_result: { name, content: m.content } }) };
    }
    const role = m.role as TemplateMessage['role'];
    return m.parts ? { role, content: m.content, parts: m.parts } : { role, content: m.content };
  });
}

/** Adds text to the first system message, or puts a system message first. */
export function withSystemText(messages: readonly TemplateMessage[], text: string): TemplateMessage[] {
  const first = messages[0];
  if (first?.role === 'system')
    return [{ role: 'system', content: first.content ? `${first.content}\n\n${text}` : text }, ...messages.slice(1)];
  return [{ role: 'system', content: text }, ...messages];
}

function parseOr(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
