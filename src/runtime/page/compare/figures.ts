/** The figures a compared reply is judged by, measured the same way on both sides. */

import type { ChatCompletion, ChatEngineKind, Usage } from '../../shared/engine.ts';
import { costInUsd } from '../engines/cloud/pricing.ts';

export interface ReplyFigures {
  model: string;
  engine: ChatEngineKind;
  usage: Usage;
  /** From sending to the first streamed token. */
  timeToFirstTokenMs: number | null;
  /** Completion tokens over the time from the first token to the last: the same clock for both sides. */
  tokensPerSecond: number | null;
  /** US dollars: 0 on this device; null for a cloud model whose price is unknown. */
  costUsd: number | null;
}

/** Times in milliseconds on one clock (performance.now()). */
export function figuresOf(
  result: ChatCompletion,
  engine: ChatEngineKind,
  model: string,
  times: { sentAt: number; firstTokenAt: number | undefined; doneAt: number },
): ReplyFigures {
  const { usage } = result;
  const first = times.firstTokenAt;
  const streaming = first === undefined ? 0 : times.doneAt - first;
  // One token has no interval to measure; the engine's own decode rate is used when it gave one.
  const measured = usage.completion_tokens > 1 && streaming > 0 ? ((usage.completion_tokens - 1) * 1000) / streaming : null;
  return {
    model,
    engine,
    usage,
    timeToFirstTokenMs: first === undefined ? null : Math.round(first - times.sentAt),
    tokensPerSecond: measured ?? result.timings?.decode_tokens_per_second ?? null,
    costUsd: engine === 'cloud' ? (costInUsd(model, usage) ?? null) : 0,
  };
}
