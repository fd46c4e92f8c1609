import { describe, expect, it } from 'vitest';
import { figuresOf } from '../../src/runtime/page/compare/figures.ts';
import { o200kPromptTokens, o200kTokens } from '../../src/runtime/page/compare/o200k.ts';
import { costInUsd, inputCostInUsd, priceOf } from '../../src/runtime/page/engines/cloud/pricing.ts';
import type { ChatCompletion, Usage } from '../../src/runtime/shared/engine.ts';

const usage = (prompt: number, completion: number, cached?: number): Usage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } }),
});

const completion = (u: Usage, decode?: number): ChatCompletion =>
  ({
    id: 'c',
    object: 'chat.completion',
    created: 0,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: 'stop' }],
    usage: u,
    ...(decode === undefined ? {} : { timings: { decode_tokens_per_second: decode } }),
  }) as ChatCompletion;

describe('cost arithmetic (GPT-4o-mini: $0.15 in, $0.075 cached in, $0.60 out, per million)', () => {
  it('prices prompt and completion tokens at their own rates', () => {
    expect(priceOf('gpt-4o-mini')).toEqual({ input: 0.15, cachedInput: 0.075, output: 0.6 });
    // 123 456 × 0.15 + 65 432 × 0.60 = 18 518.4 + 39 259.2 = 57 777.6 micro-dollars.
    expect(costInUsd('gpt-4o-mini', usage(123_456, 65_432))).toBeCloseTo(0.0577776, 12);
    expect(costInUsd('gpt-4o-mini', usage(1_000_000, 1_000_000))).toBeCloseTo(0.75, 12);
    expect(costInUsd('gpt-4o-mini', usage(0, 0))).toBe(0);
  });

  it('charges cached prompt tokens at half, never more of them than the prompt has', () => {
    expect(costInUsd('gpt-4o-mini', usage(1000, 0, 400))).toBeCloseTo((600 * 0.15 + 400 * 0.075) / 1e6, 15);
    expect(costInUsd('gpt-4o-mini', usage(100, 0, 500))).toBeCloseTo((100 * 0.075) / 1e6, 15);
  });

  it('prices the prompt alone before sending, and knows no price it was not told', () => {
    expect(inputCostInUsd('gpt-4o-mini', 27)).toBeCloseTo(4.05e-6, 15);
    expect(costInUsd('some-other-model', usage(10, 10))).toBeUndefined();
    expect(inputCostInUsd('some-other-model', 10)).toBeUndefined();
  });
});

describe('figures of a compared reply', () => {
  it('measures tokens/s from the first token to the last, on one clock, and time to first token from sending', () => {
    const f = figuresOf(completion(usage(9, 11)), 'cloud', 'gpt-4o-mini', { sentAt: 1000, firstTokenAt: 1200, doneAt: 2200 });
    expect(f).toMatchObject({ engine: 'cloud', model: 'gpt-4o-mini', timeToFirstTokenMs: 200, tokensPerSecond: 10 });
    expect(f.costUsd).toBeCloseTo((9 * 0.15 + 11 * 0.6) / 1e6, 15);
  });

  it('costs nothing on this device, and null for a cloud model with no known price', () => {
    expect(figuresOf(completion(usage(9, 96)), 'llama.cpp', 'tiny.gguf', { sentAt: 0, firstTokenAt: 50, doneAt: 1000 }).costUsd).toBe(0);
    expect(figuresOf(completion(usage(9, 3)), 'cloud', 'mystery', { sentAt: 0, firstTokenAt: 5, doneAt: 10 }).costUsd).toBeNull();
  });

  it('one token has no interval: the engine’s own decode rate, else none; no first token, no time to it', () => {
    const one = usage(9, 1);
    expect(figuresOf(completion(one, 42), 'llama.cpp', 't', { sentAt: 0, firstTokenAt: 5, doneAt: 5 }).tokensPerSecond).toBe(42);
    expect(figuresOf(completion(one), 'llama.cpp', 't', { sentAt: 0, firstTokenAt: 5, doneAt: 5 }).tokensPerSecond).toBeNull();
    const silent = figuresOf(completion(usage(9, 0)), 'cloud', 'gpt-4o-mini', { sentAt: 0, firstTokenAt: undefined, doneAt: 30 });
    expect(silent).toMatchObject({ timeToFirstTokenMs: null, tokensPerSecond: null });
  });
});

describe('o200k_base token counts (GPT-4o-mini’s tokenizer, through gpt-tokenizer)', () => {
  const english = 'How far is the Moon from the Earth, and how long does its light take to reach us?';
  const ukrainian = 'Як далеко Місяць від Землі і скільки часу його світло йде до нас?';

  it('counts fixed English and Ukrainian text exactly', async () => {
    expect(await o200kTokens('hello world')).toBe(2);
    expect(await o200kTokens('')).toBe(0);
    expect(await o200kTokens(english)).toBe(20);
    expect(await o200kTokens(ukrainian)).toBe(23);
  });

  it('the same question in Ukrainian costs more tokens though it has fewer characters', async () => {
    expect([...ukrainian].length).toBeLessThan([...english].length);
    expect(await o200kTokens(ukrainian)).toBeGreaterThan(await o200kTokens(english));
  });

  it('adds the chat format’s framing per message, as OpenAI bills a prompt', async () => {
    expect(await o200kPromptTokens([{ role: 'user', content: english }])).toBe(27);
    expect(await o200kPromptTokens([{ role: 'user', content: ukrainian }])).toBe(30);
    const turns = await o200kPromptTokens([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: english },
      { role: 'assistant', content: 'About 384,400 km; light takes 1.3 s.' },
      { role: 'user', content: 'Thanks' },
    ]);
    expect(turns).toBe(58);
  });
});
