/** Between OpenAI's Chat Completions shapes and ours: messages out; finish reasons, streamed tool calls and usage back. */
import type OpenAI from 'openai';
import type { ChatMessage, ChatRequest, ContentPart, FinishReason, ToolCall, ToolCallDelta, Usage } from '../../../shared/engine.ts';

/** OpenAI's reasons, in ours: `content_filter` ends the reply as the service decided, like `stop`. */
export const finishReason = (reason: string): FinishReason =>
  reason === 'length' ? 'length' : reason === 'tool_calls' || reason === 'function_call' ? 'tool_calls' : 'stop';

/** Our messages as OpenAI's API takes them: tool calls and results as they came. */
export function toOpenAI(messages: readonly ChatMessage[]): OpenAI.ChatCompletionMessageParam[] {
  return messages.map((m): OpenAI.ChatCompletionMessageParam => {
    if (m.role === 'tool') return { role: 'tool', content: m.content, tool_call_id: m.tool_call_id ?? '' };
    if (m.role === 'assistant' && m.tool_calls?.length) return { role: 'assistant', content: m.content || null, tool_calls: m.tool_calls };
    if (m.role === 'user' && m.parts) return { role: 'user', content: m.parts.map(toOpenAIPart) };
    return { role: m.role, content: m.content };
  });
}

function toOpenAIPart(part: ContentPart): OpenAI.ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const { url, detail } = part.image_url;
  return { type: 'image_url', image_url: detail ? { url, detail } : { url } };
}

/** Adds a streamed piece of a tool call to the calls so far (arguments arrive split across chunks); returns it in our shape. */
export function gatherCall(calls: ToolCall[], delta: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall): ToolCallDelta {
  const call = calls[delta.index] ?? { id: '', type: 'function', function: { name: '', arguments: '' } };
  calls[delta.index] = call;
  if (delta.id) call.id = delta.id;
  if (delta.function?.name) call.function.name += delta.function.name;
  if (delta.function?.arguments) call.function.arguments += delta.function.arguments;
  return {
    index: delta.index,
    ...(delta.id ? { id: delta.id, type: 'function' as const } : {}),
    ...(delta.function ? { function: { ...defined(delta.function) } } : {}),
  };
}

const defined = (f: { name?: string | undefined; arguments?: string | undefined }) => ({
  ...(f.name ? { name: f.name } : {}),
  ...(f.arguments ? { arguments: f.arguments } : {}),
});

export function estimateUsage(request: ChatRequest, completionTokens: number): Usage {
  const chars = request.messages.reduce((n, m) => n + (m.content?.length ?? 0), 0);
  const prompt = Math.ceil(chars / 4);
  return {
    prompt_tokens: prompt,
    completion_tokens: completionTokens,
    total_tokens: prompt + completionTokens,
    prompt_tokens_details: { cached_tokens: 0 },
  };
}
