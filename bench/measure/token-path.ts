/**
 * The token path: decode speed through the whole app ÷ the same engine in a bare worker page (goal
 * ≥ 0.97), the two taking turns, with main-thread health while 512 tokens stream and input latency while typing.
 */

import { runBare } from '../bare.ts';
import { type Bench, newPage, openApp, PROMPT, RUNS, STREAM_TOKENS, THREADS, WARMUP } from '../bench.ts';
import { measuredReply, type ReplyFigures } from '../reply.ts';
import { median, round, spread } from '../stats.ts';

export async function measureTokenPath(b: Bench): Promise<void> {
  const { context, page } = await newPage(b);
  await openApp(b, page, b.models.url('/tiny.gguf'), STREAM_TOKENS);
  const bare = await newPage(b);
  await bare.page.goto(b.bareSite.url);
  // The app and the bare engine take turns, run by run, so whatever else the machine does falls on both alike.
  const app: number[] = [];
  const health: ReplyFigures[] = [];
  const bareRates: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    // The app in front, as a person reading it has it: a page in the background gets no animation frames.
    await page.bringToFront();
    const r = await measuredReply(page, PROMPT);
    await bare.page.bringToFront();
    const e = await runBare(bare.page, { url: b.models.url('/tiny.gguf'), threads: THREADS, prompt: PROMPT, maxTokens: STREAM_TOKENS });
    if (run < WARMUP) continue;
    app.push(r.appDecode);
    health.push(r);
    bareRates.push(((e.completionTokens - 1) / (e.lastChunkMs - e.firstChunkMs)) * 1000);
  }
  await bare.context.close();
  await page.bringToFront();
  // One more reply with typing alongside, for input latency; its speed is not a token-path figure.
  health.push(await measuredReply(page, PROMPT, { typeWhileStreaming: true }));
  await context.close();
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
