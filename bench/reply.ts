/**
 * One reply in the app, measured as the user sees it: when its text grows, main-thread health while it
 * streams, and, when keys are typed meanwhile, how long each takes to be handled and to reach a frame.
 */
import type { Page } from 'playwright-core';

const KEY_EVENTS = new Set(['keydown', 'keypress', 'keyup', 'beforeinput', 'input']);

interface PageBench {
  times: number[];
  longTasks: number;
  gaps: number[];
  events: { name: string; duration: number; start: number }[];
  /** Per key typed: event to handler (input delay), and event to the next animation frame. */
  keyDelays: number[];
  keyToFrame: number[];
  stop: boolean;
  disconnect: () => void;
}

export interface ReplyFigures {
  tokens: number;
  prompts: number;
  cached: number;
  /** Send → first token, as the app measured it. */
  ttftMs: number;
  prefillMs: number;
  appDecode: number;
  engineDecode: number;
  enginePrefill: number;
  longTasks: number;
  maxFrameGap: number;
  /** The slowest key event typed while streaming, from the press to the frame that shows it (Event Timing). */
  inputLatency: number;
  /** The slowest key: from the press to its handler, and to the next animation frame (our own listener). */
  maxKeyDelay: number;
  maxKeyToFrame: number;
  slowestEvents: { name: string; duration: number; start: number }[];
}

export interface ReplyOptions {
  /** Type into the message box while the reply streams. */
  typeWhileStreaming?: boolean;
  /** Start a new conversation first (the default: decode slows as the context grows). */
  newChat?: boolean;
}

/** Sends `prompt` and measures its reply. */
export async function measuredReply(page: Page, prompt: string, { typeWhileStreaming = false, newChat = true }: ReplyOptions = {}) {
  if (newChat) await page.getByRole('button', { name: 'New chat', exact: true }).click();
  const before = await page.locator('article.assistant').count();
  await page.evaluate((index) => {
    const w = window as unknown as { bench: PageBench };
    w.bench?.disconnect();
    const bench: PageBench = {
      times: [],
      longTasks: 0,
      gaps: [],
      events: [],
      keyDelays: [],
      keyToFrame: [],
      stop: false,
      disconnect: () => {},
    };
    w.bench = bench;
    const log = document.querySelector('[role=log]') as Element;
    // Only the new reply's text counts: the prompt's own appearance and prefill are not decode.
    let seen = 0;
    const mutations = new MutationObserver(() => {
      const length = log.querySelectorAll('article.assistant')[index]?.querySelector('.content')?.textContent?.length ?? 0;
      if (length > seen) {
        seen = length;
        bench.times.push(performance.now());
      }
    });
    mutations.observe(log, { subtree: true, characterData: true, childList: true });
    const tasks = new PerformanceObserver((list) => {
      bench.longTasks += list.getEntries().length;
    });
    tasks.observe({ type: 'longtask' });
    const events = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.events.push({ name: e.name, duration: e.duration, start: e.startTime });
    });
    events.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
    const onKey = (e: KeyboardEvent) => {
      const pressed = e.timeStamp;
      bench.keyDelays.push(performance.now() - pressed);
      requestAnimationFrame(() => bench.keyToFrame.push(performance.now() - pressed));
    };
    document.addEventListener('keydown', onKey, true);
    bench.disconnect = () => {
      mutations.disconnect();
      tasks.disconnect();
      events.disconnect();
      document.removeEventListener('keydown', onKey, true);
      bench.stop = true;
    };
    let last = performance.now();
    const frame = (now: number) => {
      bench.gaps.push(now - last);
      last = now;
      if (!bench.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, before);
  await page.getByRole('textbox', { name: 'Message' }).fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.locator('article.assistant').nth(before);
  if (typeWhileStreaming) {
    await page.locator('article.assistant .content').nth(before).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).pressSequentially('typing while it streams', { delay: 30 });
  }
  await page.locator('article.assistant[data-source]').nth(before).waitFor({ timeout: 1_800_000 });
  const attr = async (name: string) => Number(await reply.getAttribute(name));
  const b = await page.evaluate(() => {
    const { bench } = window as unknown as { bench: PageBench };
    bench.disconnect();
    return {
      times: bench.times,
      longTasks: bench.longTasks,
      gaps: bench.gaps,
      events: bench.events,
      delays: bench.keyDelays,
      frames: bench.keyToFrame,
    };
  });
  if (typeWhileStreaming) await page.getByRole('textbox', { name: 'Message' }).fill('');
  const tokens = await attr('data-completion-tokens');
  const first = b.times[0] ?? 0;
  const last = b.times.at(-1) ?? 0;
  return {
    tokens,
    prompts: await attr('data-prompt-tokens'),
    cached: await attr('data-cached-tokens'),
    ttftMs: await attr('data-ttft-ms'),
    prefillMs: await attr('data-prefill-ms'),
    appDecode: last > first ? ((tokens - 1) / (last - first)) * 1000 : Number.NaN,
    engineDecode: await attr('data-decode-tps'),
    enginePrefill: await attr('data-prefill-tps'),
    longTasks: b.longTasks,
    maxFrameGap: Math.max(0, ...b.gaps.slice(1)),
    inputLatency: Math.max(0, ...b.events.filter((e) => KEY_EVENTS.has(e.name) && e.start >= first).map((e) => e.duration)),
    maxKeyDelay: Math.max(0, ...b.delays),
    maxKeyToFrame: Math.max(0, ...b.frames),
    slowestEvents: [...b.events].sort((x, y) => y.duration - x.duration).slice(0, 3),
  } satisfies ReplyFigures;
}
