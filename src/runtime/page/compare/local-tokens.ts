/**
 * The prompt's length in the local model's own tokens. Neither engine exposes its tokenizer, so the
 * engine reads the prompt and writes one token; llama.cpp keeps that prompt cached, so the reply that
 * follows does not read it again.
 */
import type { ChatCompletion, ChatRequest } from '../../shared/engine.ts';

export type Ask = (request: ChatRequest, options: { signal?: AbortSignal | undefined }) => Promise<ChatCompletion>;

export async function localPromptTokens(ask: Ask, request: ChatRequest, signal?: AbortSignal): Promise<number> {
  // The same request (system prompt, tools and format included), so the count is that of the prompt to be sent.
  const result = await ask({ ...request, max_tokens: 1 }, { signal });
  return result.usage.prompt_tokens;
}
