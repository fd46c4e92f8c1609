/** Turns a local engine's text pieces into OpenAI's deltas and final message, for plain text and for the tool protocol alike. */
import type { AssistantReply, ChatCompletionChunk, FinishReason } from '../../shared/engine.ts';
import type { LocalPlan } from './local-plan.ts';
import { toolReplyReader } from './tool-reply.ts';

type Delta = ChatCompletionChunk['choices'][0]['delta'];

export interface ReplyAssembler {
  /** The delta this piece adds, or null when it adds nothing a reader can see yet. */
  push(piece: string): Delta | null;
  /** The message, and `tool_calls` as the finish reason when the reply is calls. */
  result(finish: FinishReason): { message: AssistantReply; finish: FinishReason };
}

export function replyAssembler(plan: Pick<LocalPlan, 'reader'>): ReplyAssembler {
  if (plan.reader === 'text') {
    let content = '';
    return {
      push(piece) {
        content += piece;
        return piece ? { content: piece } : null;
      },
      result: (finish) => ({ message: { role: 'assistant', content }, finish }),
    };
  }
  const reader = toolReplyReader();
  return {
    push(piece) {
      const delta = reader.push(piece);
      return delta.content || delta.tool_calls ? delta : null;
    },
    result(finish) {
      const { content, tool_calls } = reader.result();
      const calls = tool_calls?.length ? tool_calls : undefined;
      return {
        message: { role: 'assistant', content: calls ? null : (content ?? ''), ...(calls ? { tool_calls: calls } : {}) },
        finish: calls && finish === 'stop' ? 'tool_calls' : finish,
      };
    },
  };
}
