/**
 * The reply loop both local engines share, driven by a generation that reports what an engine would:
 * text pieces, a finish, usage. What is under test is the loop's own work: the request checked before
 * anything runs, pictures refused by a model that cannot see, chunks and the completion, one turn
 * fewer when the engine finds the conversation too long, stops (the caller's and interrupt()), and usage.
 */
import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk, ChatRequest, LoadedModel } from '../../src/runtime/shared/engine.ts';
import {
  ContextWindowExceededError,
  InvalidRequestError,
  ModelNotLoadedError,
  UnsupportedFeatureError,
} from '../../src/runtime/shared/errors/errors.ts';
import { say } from '../../src/runtime/shared/errors/said.ts';
import { localReply, Replies, type Report } from '../../src/runtime/worker/reply/reply-loop.ts';
import type { TemplateMessage } from '../../src/runtime/worker/structured/tool-protocol.ts';

const model: LoadedModel = {
  id: 'tiny',
  name: 'Tiny',
  url: 'http://127.0.0.1/tiny.gguf',
  engine: 'llama.cpp',
  backend: 'cpu',
  note: say('cpuKeptLayers'),
  threads: 1,
  contextLength: 256,
  sizeBytes: 1,
  fromCache: true,
};

const ask = (content: string): ChatRequest => ({ messages: [{ role: 'user', content }] });
const tooLong = () => new ContextWindowExceededError('The conversation is longer than the 256-token context window.');

/** A generation that writes `pieces`, one report each, then finishes. */
const writes =
  (pieces: string[], seen: TemplateMessage[][] = []) =>
  async (messages: TemplateMessage[], report: (r: Report) => void) => {
    seen.push(messages);
    for (const text of pieces) report({ text });
    report({ finish: 'stop', usage: { prompt_tokens: 5, completion_tokens: pieces.length, total_tokens: 5 + pieces.length } });
  };

describe('the local reply loop', () => {
  it('streams each piece as a chunk of one reply, and ends with the whole message, the finish and the usage', async () => {
    const chunks: ChatCompletionChunk[] = [];
    const result = await localReply(new Replies(), {
      request: ask('hi'),
      engine: 'llama.cpp',
      model,
      onChunk: (c) => chunks.push(c),
      generate: writes(['He', 'llo']),
    });
    expect(chunks.map((c) => c.choices[0].delta.content)).toEqual(['He', 'llo']);
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set([result.id]));
    expect(result.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' });
    expect(result.usage).toEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
    expect(result.timings?.tokens_after_stop).toBeUndefined();
  });

  it('refuses before anything runs: no model, a malformed request, a picture for a model that cannot see', async () => {
    let ran = 0;
    const generate = async () => {
      ran++;
    };
    const replies = new Replies();
    await expect(localReply(replies, { request: ask('hi'), engine: 'llama.cpp', model: undefined, generate })).rejects.toBeInstanceOf(
      ModelNotLoadedError,
    );
    await expect(
      localReply(replies, { request: { ...ask('hi'), temperature: -1 }, engine: 'llama.cpp', model, generate }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    const red = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
    const withPicture = (url: string): ChatRequest => ({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what colour?' },
            { type: 'image_url', image_url: { url } },
          ],
        },
      ],
    });
    const blind = await localReply(replies, { request: withPicture(red), engine: 'llama.cpp', model, generate }).catch((e: unknown) => e);
    expect(blind).toBeInstanceOf(UnsupportedFeatureError);
    expect((blind as UnsupportedFeatureError).details).toMatchObject({ feature: 'image input', nextSteps: ['vision', 'cloud'] });
    await expect(
      localReply(replies, { request: withPicture('data:image/png;base64,iVBORw0KGgo='), engine: 'llama.cpp', model, generate }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    expect(ran).toBe(0);
  });

  it('a conversation the engine still finds too long loses its oldest turn and is tried again, saying how many went', async () => {
    const seen: TemplateMessage[][] = [];
    let tries = 0;
    const result = await localReply(new Replies(), {
      request: {
        messages: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'one' },
          { role: 'user', content: 'second' },
        ],
      },
      engine: 'llama.cpp',
      model,
      generate: async (messages, report) => {
        seen.push(messages);
        if (tries++ === 0) throw tooLong();
        report({ text: 'ok', finish: 'stop' });
      },
    });
    expect(seen.map((m) => m.map((x) => x.content))).toEqual([['first', 'one', 'second'], ['second']]);
    expect(result.dropped_messages).toBe(2);
    expect(result.choices[0].message.content).toBe('ok');
  });

  it('too long once text was written, or with nothing left to drop, is the engine’s error', async () => {
    const halfway = localReply(new Replies(), {
      request: {
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
          { role: 'user', content: 'c' },
        ],
      },
      engine: 'llama.cpp',
      model,
      generate: async (_, report) => {
        report({ text: 'par' });
        throw tooLong();
      },
    });
    await expect(halfway).rejects.toBeInstanceOf(ContextWindowExceededError);
    const alone = localReply(new Replies(), {
      request: ask('only'),
      engine: 'llama.cpp',
      model,
      generate: async () => {
        throw tooLong();
      },
    });
    await expect(alone).rejects.toBeInstanceOf(ContextWindowExceededError);
  });

  it('a stop (the caller’s or interrupt()) ends the reply with what was written, finish "abort", counting what came after it', async () => {
    const replies = new Replies();
    const caller = new AbortController();
    let engineStops = 0;
    const result = await localReply(replies, {
      request: ask('hi'),
      engine: 'web-llm',
      model: { ...model, engine: 'web-llm' },
      signal: caller.signal,
      onStop: () => engineStops++,
      generate: async (_, report, _plan, stopped) => {
        report({ text: 'one ' });
        caller.abort();
        expect(stopped.aborted).toBe(true);
        report({ text: 'two' });
        report({ finish: 'stop' });
      },
    });
    expect(result.choices[0]).toMatchObject({ finish_reason: 'abort', message: { content: 'one two' } });
    expect(result.timings?.tokens_after_stop).toBe(1);
    expect(engineStops).toBe(1);

    const interrupted = localReply(replies, {
      request: ask('again'),
      engine: 'llama.cpp',
      model,
      generate: async (_, report, _plan, stopped) => {
        report({ text: 'half' });
        replies.interrupt();
        expect(stopped.aborted).toBe(true);
      },
    });
    expect((await interrupted).choices[0].finish_reason).toBe('abort');
  });

  it('a newer reply stops the one being written', async () => {
    const replies = new Replies();
    let first: AbortSignal | undefined;
    let release = () => {};
    const one = localReply(replies, {
      request: ask('one'),
      engine: 'llama.cpp',
      model,
      generate: (_, report, _plan, stopped) => {
        first = stopped;
        report({ text: 'a' });
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const two = localReply(replies, { request: ask('two'), engine: 'llama.cpp', model, generate: writes(['b']) });
    await new Promise((r) => setTimeout(r, 0));
    expect(first?.aborted).toBe(true);
    release();
    expect((await one).choices[0].finish_reason).toBe('abort');
    expect((await two).choices[0].finish_reason).toBe('stop');
  });

  it('tools with a response format on the same request are refused by name, as the engine cannot combine them', async () => {
    const request: ChatRequest = {
      ...ask('x'),
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      response_format: { type: 'json_object' },
    };
    await expect(localReply(new Replies(), { request, engine: 'llama.cpp', model, generate: writes([]) })).rejects.toBeInstanceOf(
      UnsupportedFeatureError,
    );
  });
});
