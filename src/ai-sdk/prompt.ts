/** The AI SDK's prompt (LanguageModelV4Prompt) as the OpenAI messages the runtime takes: text, pictures, tool calls and results. */
import type { LanguageModelV4FilePart, LanguageModelV4Prompt, LanguageModelV4ToolResultOutput } from '@ai-sdk/provider';
import type { ContentPart, RequestMessage } from '../runtime/shared/engine.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';

function base64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A file part as a content part: a picture as a data: or blob: URL (the engine reads its bytes), text as text. */
function filePart(part: LanguageModelV4FilePart, message: number): ContentPart {
  const { data, mediaType } = part;
  if (data.type === 'text') return { type: 'text', text: data.text };
  if (!mediaType.startsWith('image/'))
    throw new InvalidRequestError(
      `Message ${message} has a file of type ${mediaType}${part.filename ? ` (${part.filename})` : ''}, which InPage's models cannot read: they take text and pictures. Put a document's text in the message, or add it with runtime.documents and send the passages.`,
      { param: 'prompt' },
    );
  if (data.type === 'url') return { type: 'image_url', image_url: { url: data.url.href } };
  if (data.type === 'data') {
    // The engine knows a picture by its bytes; the label only has to be a valid data: URL.
    const type = mediaType.includes('*') ? 'application/octet-stream' : mediaType;
    const encoded = typeof data.data === 'string' ? data.data : base64(data.data);
    return { type: 'image_url', image_url: { url: `data:${type};base64,${encoded}` } };
  }
  throw new InvalidRequestError(
    `Message ${message} refers to a file stored with another provider, which InPage cannot read. Give the picture's bytes or a data: URL.`,
    { param: 'prompt' },
  );
}

/** A tool's result as the text the model reads. */
export function resultText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return `The call was not run${output.reason ? `: ${output.reason}` : '.'}`;
    case 'content':
      return output.value.map((p) => (p.type === 'text' ? p.text : `[${p.type}]`)).join('\n');
  }
}

export function messagesOf(prompt: LanguageModelV4Prompt): RequestMessage[] {
  const messages: RequestMessage[] = [];
  for (const [index, message] of prompt.entries()) {
    const n = index + 1;
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const parts = message.content.map((p): ContentPart => (p.type === 'text' ? { type: 'text', text: p.text } : filePart(p, n)));
        const pictures = parts.some((p) => p.type === 'image_url');
        messages.push({ role: 'user', content: pictures ? parts : parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n') });
        break;
      }
      case 'assistant': {
        let text = '';
        const calls: NonNullable<RequestMessage['tool_calls']> = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'tool-call')
            calls.push({
              id: part.toolCallId,
              type: 'function',
              function: { name: part.toolName, arguments: typeof part.input === 'string' ? part.input : JSON.stringify(part.input) },
            });
          // Reasoning and files of an earlier reply are not read back: the models here write neither.
        }
        messages.push({ role: 'assistant', content: text, ...(calls.length ? { tool_calls: calls } : {}) });
        break;
      }
      case 'tool':
        for (const part of message.content)
          if (part.type === 'tool-result') messages.push({ role: 'tool', tool_call_id: part.toolCallId, content: resultText(part.output) });
        break;
    }
  }
  return messages;
}
