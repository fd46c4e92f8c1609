/**
 * Threads: the app on the bench model with llama.cpp on 1…N threads (N: this machine's logical cores),
 * prefill and decode tokens/s as the engine reports them, and, with keys typed while each reply streams,
 * the slowest key's press → handler and press → next frame: more threads must not take the frame from the page.
 */
import { cpus } from 'node:os';
import { type Bench, newPage, PROMPT, RUNS, SMOKE, STREAM_TOKENS, setSettings, THREADS, WARMUP } from '../bench.ts';
import { measuredReply, type ReplyFigures } from '../reply.ts';
import { median, round } from '../stats.ts';

/** 1 to every logical core (the smoke run, which only proves the code runs, tries the bench's setting). */
const COUNTS = SMOKE ? [THREADS] : Array.from({ length: cpus().length }, (_, i) => i + 1);

export async function measureThreads(b: Bench): Promise<void> {
  const rows: Record<string, ReplyFigures[]> = {};
  const { context, page } = await newPage(b);
  try {
    for (let run = 0; run < WARMUP + RUNS; run++)
      // Alternating counts run by run, so drift falls on all alike.
      for (const threads of COUNTS) {
        await page.goto(`${b.site.origin}/?model=${encodeURIComponent(b.models.url('/tiny.gguf'))}&threads=${threads}`);
        await page.locator('.status-line[data-state=ready]').waitFor({ timeout: 1_800_000 });
        await setSettings(page, { maxTokens: STREAM_TOKENS, temperature: 0 });
        const reply = await measuredReply(page, PROMPT, { typeWhileStreaming: true });
        if (run < WARMUP) continue;
        const list = rows[threads] ?? [];
        rows[threads] = list;
        list.push(reply);
      }
  } finally {
    await context.close();
  }
  const worst = (list: ReplyFigures[], pick: (r: ReplyFigures) => number) => round(Math.max(...list.map(pick)), 1);
  b.results.threads = {
    logical_cores: cpus().length,
    by_count: Object.fromEntries(
      Object.entries(rows).map(([threads, list]) => [
        threads,
        {
          prefill_tokens_per_s: round(median(list.map((r) => r.enginePrefill)), 1),
          decode_tokens_per_s: round(median(list.map((r) => r.engineDecode)), 1),
          // The slowest key of every run at this count: what a person typing would feel at worst.
          input_delay_ms: worst(list, (r) => r.maxKeyDelay),
          key_to_frame_ms: worst(list, (r) => r.maxKeyToFrame),
          long_tasks: Math.max(...list.map((r) => r.longTasks)),
        },
      ]),
    ),
  };
}
