/**
 * A ten-turn conversation in the app on the CPU engine, each turn the same length: time to first token
 * of turn 10 ÷ turn 1 (goal ≤ 1.2: the cache keeps follow-ups from reading the whole conversation
 * again), the same turn-10 prompt evaluated in full for comparison, and input delay while turn 10
 * streams at about 1.5 k tokens of context.
 */
import { type Bench, newPage, openApp, SMOKE } from '../bench.ts';
import { measuredReply, type ReplyFigures } from '../reply.ts';
import { round } from '../stats.ts';

const TURNS = SMOKE ? 3 : 10;
const REPLY_TOKENS = SMOKE ? 16 : 96;
/** The same length every turn (64 characters, one token each). */
const question = (turn: number) => `Question ${String(turn).padStart(2, '0')}: ${'tell me more about this '.repeat(3)}`.slice(0, 64);

export async function measureMultiTurn(b: Bench): Promise<void> {
  const { context, page } = await newPage(b);
  await openApp(b, page, b.models.url('/tiny.gguf'), REPLY_TOKENS);
  const turns: ReplyFigures[] = [];
  for (let turn = 1; turn <= TURNS; turn++) {
    turns.push(await measuredReply(page, question(turn), { newChat: turn === 1, typeWhileStreaming: turn === TURNS }));
  }
  // The last turn again without the cache: the whole prompt evaluated, as every turn was before.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('checkbox', { name: /Reuse the previous turn/ }).setChecked(false);
  await dialog.getByRole('button', { name: 'Close' }).click();
  const last = page.locator('article.assistant').nth(TURNS - 1);
  await last.getByRole('button', { name: 'Regenerate' }).click();
  await page.waitForFunction(
    (i) => {
      const reply = document.querySelectorAll('article.assistant')[i];
      return reply?.hasAttribute('data-source') && reply.getAttribute('data-cached-tokens') === '0';
    },
    TURNS - 1,
    { timeout: 1_800_000 },
  );
  const full = { ttftMs: Number(await last.getAttribute('data-ttft-ms')), prefillMs: Number(await last.getAttribute('data-prefill-ms')) };
  await context.close();

  const first = turns[0] as ReplyFigures;
  const tenth = turns.at(-1) as ReplyFigures;
  b.results.turn10_ttft_ratio = round(tenth.ttftMs / first.ttftMs);
  b.results.input_delay_ms_long = round(tenth.maxKeyDelay, 1);
  b.results.multi_turn = {
    turns: TURNS,
    ttft_ms: turns.map((t) => round(t.ttftMs, 0)),
    prompt_tokens: turns.map((t) => t.prompts),
    cached_tokens: turns.map((t) => t.cached),
    prefill_ms: turns.map((t) => round(t.prefillMs, 0)),
    decode_tokens_per_s: turns.map((t) => round(t.engineDecode, 1)),
    last_turn_without_cache: { ttft_ms: round(full.ttftMs, 0), prefill_ms: round(full.prefillMs, 0) },
    last_turn_ttft_with_vs_without_cache: round(tenth.ttftMs / full.ttftMs),
    // Keys typed while turn 10 streams: press → handler, press → next frame, and Event Timing's slowest key.
    key_delay_ms: round(tenth.maxKeyDelay, 1),
    key_to_frame_ms: round(tenth.maxKeyToFrame, 1),
    key_event_duration_ms: round(tenth.inputLatency, 1),
    long_tasks_while_streaming_long: tenth.longTasks,
  };
}
