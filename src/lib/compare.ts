/** compare(): one request to this device and to the cloud at once, each settled with its figures. */
import { figuresOf, type ReplyFigures } from '../runtime/compare/figures.ts';
import type { ChatCompletion, ChatCompletionChunk, EngineKind } from '../runtime/engine.ts';
import type { ComparedReply } from './types.ts';

type Run = (onChunk: (chunk: ChatCompletionChunk) => void) => Promise<ChatCompletion>;

/** Runs one side, timing it on the page's clock; a failure is that side's result, not the comparison's. */
export async function side(
  run: Run,
  engine: (result: ChatCompletion) => { engine: EngineKind; model: string },
  onChunk: ((chunk: ChatCompletionChunk) => void) | undefined,
): Promise<ComparedReply> {
  const sentAt = performance.now();
  let firstTokenAt: number | undefined;
  try {
    const completion = await run((chunk) => {
      firstTokenAt ??= performance.now();
      onChunk?.(chunk);
    });
    const { engine: kind, model } = engine(completion);
    const figures: ReplyFigures = figuresOf(completion, kind, model, { sentAt, firstTokenAt, doneAt: performance.now() });
    return { ok: true, completion, figures };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
