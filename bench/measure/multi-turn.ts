/**
 * Ten-turn conversations in the app on the CPU engine, each turn the same length: time to first token of
 * turn 10 ÷ turn 1 (goal ≤ 1.2: the cache keeps follow-ups from reading the whole conversation again),
 * per turn the median of RUNS conversations.
 * On a model of Phi-3-mini's width (attention weighs per token what it does there) and on the 768-wide
 * bench model (where attention weighs three times more); on the latter, the turn-10 prompt is also
 * evaluated in full for comparison, and keys are typed while turn 10 streams at about 1.5 k tokens.
 */
import type { Page } from 'playwright-core';
import { type Bench, fileServer, newPage, openApp, RUNS, SMOKE, setSettings, writePhi3ShapedModel } from '../bench.ts';
import { measuredReply, type ReplyFigures } from '../reply.ts';
import { median, round } from '../stats.ts';

const TURNS = SMOKE ? 3 : 10;
const REPLY_TOKENS = SMOKE ? 16 : 96;
/**
 * The same length every turn (64 characters, one token each), and a different start in every conversation:
 * llama.cpp's prompt cache would otherwise serve turn 1 of the next conversation from the last one.
 */
const question = (run: number, turn: number) =>
  `${run}. Question ${String(turn).padStart(2, '0')}: ${'tell me more about this '.repeat(3)}`.slice(0, 64);

async function conversation(page: Page, run: number, typeAtEnd: boolean): Promise<ReplyFigures[]> {
  const turns: ReplyFigures[] = [];
  for (let turn = 1; turn <= TURNS; turn++) {
    turns.push(await measuredReply(page, question(run, turn), { newChat: turn === 1, typeWhileStreaming: typeAtEnd && turn === TURNS }));
  }
  return turns;
}

/** The last reply again with reuse off: the whole prompt evaluated, as every turn was before prompt caching. */
async function lastTurnInFull(page: Page): Promise<{ ttftMs: number; prefillMs: number }> {
  await setSettings(page, { reuse: false });
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
  return { ttftMs: Number(await last.getAttribute('data-ttft-ms')), prefillMs: Number(await last.getAttribute('data-prefill-ms')) };
}

/** `RUNS` conversations, one after another in the page; the keys are typed in the last one only. */
async function conversations(page: Page, typeAtEnd: boolean): Promise<ReplyFigures[][]> {
  const runs: ReplyFigures[][] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await conversation(page, run, typeAtEnd && run === RUNS - 1));
  return runs;
}

/** Per turn, the median over the conversations; the ratio is of those medians (one sample a turn is too noisy here). */
function summary(runs: ReplyFigures[][]) {
  // Beyond <s>, <|user|> and "\n", nothing of a first turn may come from the cache.
  const firstTurnsReused = runs.filter((r) => (r[0]?.cached ?? 0) > 3).length;
  if (firstTurnsReused) throw new Error(`${firstTurnsReused} conversations began with a reused prompt: their turn 1 is not a first turn.`);
  const perTurn = (pick: (t: ReplyFigures) => number, digits: number) =>
    Array.from({ length: TURNS }, (_, i) => round(median(runs.map((r) => pick(r[i] as ReplyFigures))), digits));
  const ttft = perTurn((t) => t.ttftMs, 0);
  return {
    conversations: runs.length,
    ttft_ms: ttft,
    prompt_tokens: perTurn((t) => t.prompts, 0),
    cached_tokens: perTurn((t) => t.cached, 0),
    prefill_ms: perTurn((t) => t.prefillMs, 0),
    decode_tokens_per_s: perTurn((t) => t.engineDecode, 1),
    turn10_ttft_ratio: round((ttft.at(-1) as number) / (ttft[0] as number)),
  };
}

export async function measureMultiTurn(b: Bench): Promise<void> {
  const bytes = writePhi3ShapedModel(b.paths.phi3Shaped);
  const files = await fileServer(b, b.paths.phi3Shaped);
  const wide = await newPage(b);
  await openApp(b, wide.page, files.file, REPLY_TOKENS);
  const phi3Shaped = await conversations(wide.page, false);
  await wide.context.close();
  await files.close();

  const narrow = await newPage(b);
  await openApp(b, narrow.page, b.models.url('/tiny.gguf'), REPLY_TOKENS);
  const bench = await conversations(narrow.page, true);
  const full = await lastTurnInFull(narrow.page);
  await narrow.context.close();

  const tenth = bench.at(-1)?.at(-1) as ReplyFigures;
  b.results.turn10_ttft_ratio = summary(phi3Shaped).turn10_ttft_ratio;
  b.results.input_delay_ms_long = round(tenth.maxKeyDelay, 1);
  b.results.multi_turn = {
    turns: TURNS,
    phi3_shaped_model: { bytes, ...summary(phi3Shaped) },
    bench_model: {
      bytes: b.sizes.decode,
      ...summary(bench),
      last_turn_without_cache: { ttft_ms: round(full.ttftMs, 0), prefill_ms: round(full.prefillMs, 0) },
      last_turn_ttft_with_vs_without_cache: round(tenth.ttftMs / full.ttftMs),
    },
    // Keys typed while turn 10 streams (bench model): press → handler, press → next frame, and Event Timing's slowest key.
    key_delay_ms: round(tenth.maxKeyDelay, 1),
    key_to_frame_ms: round(tenth.maxKeyToFrame, 1),
    key_event_duration_ms: round(tenth.inputLatency, 1),
    slowest_key_events: tenth.slowestEvents.map((e) => ({ name: e.name, ms: round(e.duration, 0) })),
    long_tasks_while_streaming_long: tenth.longTasks,
  };
}
