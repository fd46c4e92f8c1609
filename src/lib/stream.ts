/** A reply as OpenAI's SDK streams it: chunks for `for await`, the last with finish_reason and usage. */
import type { ChatCompletionChunk, ToolCallDelta } from '../runtime/shared/engine.ts';
import type { ChatCompletionStream, RuntimeChatCompletion } from './types.ts';

type Run = (onChunk: (chunk: ChatCompletionChunk) => void, signal: AbortSignal) => Promise<RuntimeChatCompletion>;

export function streamOf(run: Run, outer: AbortSignal | undefined): ChatCompletionStream {
  const controller = new AbortController();
  outer?.addEventListener('abort', () => controller.abort(), { once: true });
  const queue: ChatCompletionChunk[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown = null;
  let streamed = '';
  /** Per tool call: whether its id and name went out, and how much of its arguments. */
  const calls = new Map<number, { announced: boolean; args: number }>();
  const push = (chunk: ChatCompletionChunk) => {
    queue.push(chunk);
    wake?.();
  };
  const whole = run((chunk) => {
    const { delta } = chunk.choices[0];
    streamed += delta.content ?? '';
    for (const d of delta.tool_calls ?? []) {
      const seen = calls.get(d.index) ?? { announced: false, args: 0 };
      calls.set(d.index, { announced: seen.announced || d.id !== undefined, args: seen.args + (d.function?.arguments?.length ?? 0) });
    }
    push(chunk);
  }, controller.signal);
  // Read by finalChatCompletion(); a failure is the iterator's to throw when nobody asks for it.
  whole.catch(() => {});
  whole.then(
    (result) => {
      const choice = result.choices[0];
      // What the result has that no chunk brought (an engine that streams only part of it) comes last.
      const content = choice.message.content ?? '';
      const rest = content.startsWith(streamed) ? content.slice(streamed.length) : '';
      const base = { id: result.id, object: 'chat.completion.chunk' as const, created: result.created, model: result.model };
      if (rest) push({ ...base, choices: [{ index: 0, delta: { content: rest }, finish_reason: null }] });
      const missing = (choice.message.tool_calls ?? []).flatMap((call, index): ToolCallDelta[] => {
        const seen = calls.get(index);
        const args = call.function.arguments.slice(seen?.args ?? 0);
        if (!seen?.announced) return [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: args } }];
        return args ? [{ index, function: { arguments: args } }] : [];
      });
      if (missing.length) push({ ...base, choices: [{ index: 0, delta: { tool_calls: missing }, finish_reason: null }] });
      push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: choice.finish_reason }], usage: result.usage });
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = error;
      finished = true;
      wake?.();
    },
  );
  return {
    controller,
    finalChatCompletion: () => whole,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (finished) {
          if (failure) throw failure;
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    },
  };
}
