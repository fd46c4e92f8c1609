/** The AI SDK's call options as the runtime's OpenAI-shaped request, and a warning for each setting it cannot honour. */
import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import type { ChatCompletionCreateParams } from '../lib/types.ts';
import type { Tool, ToolChoice } from '../runtime/shared/engine.ts';
import { messagesOf } from './prompt.ts';

/** `providerOptions.inpage`: what only InPage takes. */
export interface InPageCallOptions {
  /** Reuse the engine's cache of the previous prompt (on by default); false evaluates it all again. */
  cachePrompt?: boolean;
}

function toolChoiceOf(choice: LanguageModelV4CallOptions['toolChoice']): ToolChoice | undefined {
  if (!choice) return undefined;
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.toolName } } : choice.type;
}

export function requestOf(options: LanguageModelV4CallOptions): { params: ChatCompletionCreateParams; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  const params: ChatCompletionCreateParams = { messages: messagesOf(options.prompt) };
  if (options.maxOutputTokens !== undefined) params.max_tokens = options.maxOutputTokens;
  if (options.temperature !== undefined) params.temperature = options.temperature;
  if (options.topP !== undefined) params.top_p = options.topP;
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.stopSequences?.length) params.stop = options.stopSequences;
  for (const [feature, value] of [
    ['topK', options.topK],
    ['presencePenalty', options.presencePenalty],
    ['frequencyPenalty', options.frequencyPenalty],
  ] as const)
    if (value !== undefined) warnings.push({ type: 'unsupported', feature, details: 'InPage samples with temperature and topP only.' });
  if (options.reasoning && options.reasoning !== 'provider-default' && options.reasoning !== 'none')
    warnings.push({ type: 'unsupported', feature: 'reasoning', details: "InPage's models answer without a reasoning phase." });
  const format = options.responseFormat;
  if (format?.type === 'json')
    // The schema is enforced while the reply is written (a grammar on llama.cpp, web-llm's on WebGPU), not merely asked for.
    params.response_format = format.schema
      ? {
          type: 'json_schema',
          json_schema: {
            name: format.name ?? 'response',
            ...(format.description ? { description: format.description } : {}),
            schema: format.schema as Record<string, unknown>,
            strict: true,
          },
        }
      : { type: 'json_object' };
  const tools: Tool[] = [];
  for (const tool of options.tools ?? []) {
    if (tool.type !== 'function') {
      warnings.push({ type: 'unsupported', feature: `provider tool ${tool.id}`, details: 'InPage runs function tools only.' });
      continue;
    }
    tools.push({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        parameters: tool.inputSchema as Record<string, unknown>,
      },
    });
  }
  if (tools.length) {
    params.tools = tools;
    const choice = toolChoiceOf(options.toolChoice);
    if (choice) params.tool_choice = choice;
  }
  const own = options.providerOptions?.inpage as InPageCallOptions | undefined;
  if (typeof own?.cachePrompt === 'boolean') params.cache_prompt = own.cachePrompt;
  return { params, warnings };
}
