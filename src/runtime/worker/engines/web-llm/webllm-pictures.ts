/** Pictures for web-llm's vision models: which models see, and messages as web-llm 0.2.86 takes them. */
import type { ChatCompletionContentPart, ChatCompletionMessageParam } from '@mlc-ai/web-llm';
import type { TemplateMessage } from '../../structured/tool-protocol.ts';

/** web-llm 0.2.86's one vision-language model type (Phi-3.5-vision), as mlc-chat-config.json names it. */
export const seesPictures = (config: { model_type?: unknown }): boolean => config.model_type === 'phi3_v';

/**
 * Messages as web-llm reads them, pictures included: data: URLs by now (it would fetch any other
 * address itself), and no `detail`, which it refuses.
 */
export function forWebLLM(messages: readonly TemplateMessage[]): ChatCompletionMessageParam[] {
  return messages.map(({ role, content, parts }): ChatCompletionMessageParam => {
    if (role === 'user' && parts) {
      const given = parts.map(
        (p): ChatCompletionContentPart => (p.type === 'text' ? p : { type: 'image_url', image_url: { url: p.image_url.url } }),
      );
      return { role, content: given };
    }
    return role === 'system' ? { role, content } : role === 'user' ? { role, content } : { role: 'assistant', content };
  });
}
