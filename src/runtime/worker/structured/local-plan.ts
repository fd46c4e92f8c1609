/** How a local engine honours `response_format` and `tools`: the prompt it sends, the schema it samples under, how it reads the reply. */

import type { ChatMessage, ChatRequest } from '../../shared/engine.ts';
import { UnsupportedFeatureError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import type { EnforcedFeature } from '../../shared/words/en.ts';
import { checkSchema, type LocalEngine } from './schema-support.ts';
import {
  callableTools,
  type JsonSchema,
  renderToolHistory,
  type TemplateMessage,
  toolInstructions,
  toolReplySchema,
  withSystemText,
} from './tool-protocol.ts';

export interface LocalPlan {
  messages: TemplateMessage[];
  /** null: free text; 'object': any JSON object; a schema: JSON that matches it. */
  constraint: null | 'object' | JsonSchema;
  /** tools: the reply is the tool protocol's JSON, read back into text or calls. */
  reader: 'text' | 'tools';
}

export function localPlan(request: ChatRequest, messages: ChatMessage[], engine: LocalEngine): LocalPlan {
  const rendered = renderToolHistory(messages);
  const format = request.response_format;
  const callable = callableTools(request.tools ?? [], request.tool_choice);
  if (callable.length > 0) {
    if (format && format.type !== 'text')
      throw new UnsupportedFeatureError(say('toolsWithFormat', { engine, format: format.type }), {
        feature: 'tools with response_format',
        engine,
      });
    callable.forEach((t) => {
      checkSchema(t.function.parameters ?? { type: 'object' }, engine, `tools[${request.tools?.indexOf(t)}].function.parameters`);
    });
    return {
      messages: withSystemText(rendered, toolInstructions(callable, request.tool_choice)),
      constraint: toolReplySchema(callable, request.tool_choice, request.parallel_tool_calls ?? true),
      reader: 'tools',
    };
  }
  if (format?.type === 'json_object') return { messages: rendered, constraint: 'object', reader: 'text' };
  if (format?.type === 'json_schema') {
    const schema = format.json_schema.schema ?? { type: 'object' };
    checkSchema(schema, engine, 'response_format.json_schema.schema');
    // The grammar decides what may be written; the schema in the prompt helps the model write something meant.
    const told = withSystemText(rendered, `Reply with JSON only, matching this JSON Schema:\n${JSON.stringify(schema)}`);
    return { messages: told, constraint: schema, reader: 'text' };
  }
  return { messages: rendered, constraint: null, reader: 'text' };
}

/** The constraint as a schema: "any JSON object" is `{type: "object"}` (llama-server's json_object alone allows any value). */
export const asSchema = (constraint: 'object' | JsonSchema): JsonSchema => (constraint === 'object' ? { type: 'object' } : constraint);

/** What the plan asks the engine to enforce, in the words an error message uses; null for free text. */
export const featureOf = (plan: LocalPlan): EnforcedFeature | null =>
  plan.constraint === null ? null : plan.reader === 'tools' ? 'tools' : plan.constraint === 'object' ? 'JSON mode' : 'a JSON Schema';
