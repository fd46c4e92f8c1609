/** A reply as OpenAI's SDK streams it: chunks for `for await`, the last with finish_reason and usage. */
import type { ChatCompletion, ChatCompletionChunk } from '../runtime/engine.ts';
import type { ChatCompletionStream } from './types.ts';

type Run = (onChunk: (chunk: ChatCompletionChunk) => void, signal: AbortSignal) => Promise<ChatCompletion>;

export function streamOf(run: Run, outer: AbortSignal | undefined): ChatCompletionStream {
  const controller = new AbortController();
  outer?.addEventListener('abort', () => controller.abort(), { once: true });
  const queue: ChatCompletionChunk[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown = null;
  let streamed = '';
  const push = (chunk: ChatCompletionChunk) => {
    queue.push(chunk);
    wake?.();
  };
  void run((chunk) => {
    if (finished) return; // chunks travel apart from the result; one arriving after it is already in it
    streamed += chunk.choices[0].delta.content ?? '';
    push(chunk);
  }, controller.signal).then(
    (result) => {
      const choice = result.choices[0];
      // What the result has that no chunk brought (chunks and the result travel separately) comes last.
      const rest = choice.message.content.startsWith(streamed) ? choice.message.content.slice(streamed.length) : '';
      const base = { id: result.id, object: 'chat.completion.chunk' as const, created: result.created, model: result.model };
      if (rest) push({ ...base, choices: [{ index: 0, delta: { content: rest }, finish_reason: null }] });
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
