/**
 * The token path: decode speed through the whole app ÷ the same engine in a bare worker page (goal
 * ≥ 0.97), with main-thread health while 512 tokens stream and input latency while typing.
 */

import { runBare } from '../bare.ts';
import { type Bench, newPage, openApp, PROMPT, RUNS, STREAM_TOKENS, THREADS, WARMUP } from '../bench.ts';
import { measuredReply, type ReplyFigures } from '../reply.ts';
import { median, round, spread } from '../stats.ts';

export async function measureTokenPath(b: Bench): Promise<void> {
  const { context, page } = await newPage(b);
  await openApp(b, page, b.models.url('/tiny.gguf'), STREAM_TOKENS);
  const app: number[] = [];
  const health: ReplyFigures[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const r = await measuredReply(page, PROMPT);
    if (run >= WARMUP) {
      app.push(r.appDecode);
      health.push(r);
    }
  }
  // One more reply with typing alongside, for input latency; its speed is not a token-path figure.
  health.push(await measuredReply(page, PROMPT, { typeWhileStreaming: true }));
  await context.close();

  const bare = await newPage(b);
  await bare.page.goto(b.bareSite.url);
  const bareRates: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const r = await runBare(bare.page, { url: b.models.url('/tiny.gguf'), threads: THREADS, prompt: PROMPT, maxTokens: STREAM_TOKENS });
    if (run >= WARMUP) bareRates.push(((r.completionTokens - 1) / (r.lastChunkMs - r.firstChunkMs)) * 1000);
  }
  await bare.context.close();
  const ratios = app.map((a, i) => a / (bareRates[i] as number));
  const { results } = b;
  results.token_path_ratio = round(median(ratios));
  results.token_path = {
    app_tokens_per_s: round(median(app), 2),
    bare_tokens_per_s: round(median(bareRates), 2),
    ratio_spread: spread(ratios).map((n) => round(n)),
    engine_decode_in_app_tokens_per_s: round(median(health.slice(0, -1).map((h) => h.engineDecode)), 2),
    slowest_events_while_typing: health.at(-1)?.slowestEvents.map((e) => ({ name: e.name, ms: round(e.duration, 0) })),
  };
  results.long_tasks = Math.max(...health.map((h) => h.longTasks));
  results.max_frame_gap_ms = round(Math.max(...health.map((h) => h.maxFrameGap)), 1);
  results.input_latency_ms = round(Math.max(...health.map((h) => h.inputLatency)), 1);
}
