/** Compare: one request to this device and to the cloud at once, each side settled on its own with its figures. */

import type { ChatCompletion, ChatCompletionChunk, EngineKind } from '../../shared/engine.ts';
import { figuresOf, type ReplyFigures } from '../compare/figures.ts';
import { type Run, timed } from './timed.ts';

/** One side of a comparison: the completion and its figures, or why there is none. */
export type ComparedReply = { ok: true; completion: ChatCompletion; figures: ReplyFigures } | { ok: false; error: Error };

/** Runs one side; a failure is that side's result, not the comparison's. */
export async function side(
  run: Run,
  engine: (result: ChatCompletion) => { engine: EngineKind; model: string },
  onChunk: ((chunk: ChatCompletionChunk) => void) | undefined,
): Promise<ComparedReply> {
  try {
    const { completion, times } = await timed(run, onChunk);
    const { engine: kind, model } = engine(completion);
    return { ok: true, completion, figures: figuresOf(completion, kind, model, times) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
