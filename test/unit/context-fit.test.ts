import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/runtime/shared/engine.ts';
import { dropOldestTurn, fitConversation } from '../../src/runtime/worker/reply/context-fit.ts';

const count = (text: string) => text.length; // one token per character keeps the arithmetic visible
const turn = (role: 'user' | 'assistant', n: number): ChatMessage => ({ role, content: 'x'.repeat(n) });

describe('fitConversation', () => {
  const system: ChatMessage = { role: 'system', content: 'Be brief.' };
  const long = [system, turn('user', 300), turn('assistant', 300), turn('user', 300), turn('assistant', 300), turn('user', 50)];

  it('keeps everything that fits', () => {
    expect(fitConversation(long, { contextWindow: 4096, reserve: 512, count })).toEqual({ messages: long, dropped: 0 });
  });

  it('drops the oldest turns, keeps the system prompt and starts on a user turn', () => {
    const fit = fitConversation(long, { contextWindow: 1024, reserve: 256, count });
    expect(fit.dropped).toBe(2);
    expect(fit.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(fit.messages.at(-1)).toBe(long.at(-1));
  });

  it('always keeps the last message, even when it alone is too long', () => {
    const fit = fitConversation([system, turn('user', 5000)], { contextWindow: 1024, reserve: 256, count });
    expect(fit.messages).toHaveLength(2);
  });

  it('never reserves more than half the window for the reply', () => {
    const fit = fitConversation([turn('user', 400), turn('assistant', 10), turn('user', 10)], {
      contextWindow: 1024,
      reserve: 4096,
      count,
    });
    expect(fit.dropped).toBe(0);
  });
});

describe('dropOldestTurn', () => {
  it('removes the oldest exchange, keeping system messages, until only the last message is left', () => {
    const list: ChatMessage[] = [{ role: 'system', content: 's' }, turn('user', 1), turn('assistant', 1), turn('user', 2)];
    expect(dropOldestTurn(list)?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(dropOldestTurn([{ role: 'system', content: 's' }, turn('user', 1)])).toBeNull();
  });
});
