/**
 * The library's stream in OpenAI's shape: chunks for `for await`, the last one with the finish reason
 * and usage, what no chunk brought added before it, a failure thrown after what arrived, and a stop
 * that reaches whoever answers.
 */
import { describe, expect, it } from 'vitest';
import { streamOf } from '../../src/lib/stream.ts';
import type { RuntimeChatCompletion } from '../../src/lib/types.ts';
import type { ChatCompletionChunk, ToolCall } from '../../src/runtime/shared/engine.ts';
import { InferenceError } from '../../src/runtime/shared/errors/errors.ts';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'tiny' };
const piece = (content: string): ChatCompletionChunk => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

function completion(content: string | null, tool_calls?: ToolCall[]): RuntimeChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'tiny',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(tool_calls ? { tool_calls } : {}) },
        finish_reason: tool_calls ? 'tool_calls' : 'stop',
      },
    ],
    usage,
    source: { engine: 'llama.cpp', fallback: false },
  };
}

async function all(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('streamOf', () => {
  it('yields each chunk in order, then one that finishes with the usage; the whole completion is there after', async () => {
    const stream = streamOf(async (onChunk) => {
      onChunk(piece('He'));
      await new Promise((r) => setTimeout(r, 1));
      onChunk(piece('llo'));
      return completion('Hello');
    }, undefined);
    const chunks = await all(stream);
    expect(chunks.map((c) => c.choices[0].delta.content ?? null)).toEqual(['He', 'llo', null]);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop', delta: {} }], usage });
    expect((await stream.finalChatCompletion()).source).toEqual({ engine: 'llama.cpp', fallback: false });
  });

  it('adds what the answer has that no chunk brought: the rest of the text, and tool calls or their missing arguments', async () => {
    const call: ToolCall = { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Kyiv"}' } };
    const chunks = await all(
      streamOf(async (onChunk) => {
        onChunk(piece('Let me '));
        onChunk({
          ...base,
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"ci' } }] },
              finish_reason: null,
            },
          ],
        });
        return { ...completion('Let me check.', [call]) };
      }, undefined),
    );
    const deltas = chunks.map((c) => c.choices[0].delta);
    expect(deltas[2]).toEqual({ content: 'check.' });
    expect(deltas[3]).toEqual({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Kyiv"}' } }] });
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
  });

  it('a failure is thrown by the iterator after what arrived, and by finalChatCompletion', async () => {
    const stream = streamOf(async (onChunk) => {
      onChunk(piece('par'));
      throw new InferenceError('broke off');
    }, undefined);
    const seen: string[] = [];
    const thrown = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0].delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['par']);
    expect(thrown).toBeInstanceOf(InferenceError);
    await expect(stream.finalChatCompletion()).rejects.toBeInstanceOf(InferenceError);
  });

  it('the caller’s signal and the stream’s controller both stop whoever answers', async () => {
    const outer = new AbortController();
    let signal: AbortSignal | undefined;
    const stream = streamOf((_, s) => {
      signal = s;
      return new Promise<RuntimeChatCompletion>((resolve) => s.addEventListener('abort', () => resolve(completion('')), { once: true }));
    }, outer.signal);
    expect(signal?.aborted).toBe(false);
    outer.abort();
    expect(signal?.aborted).toBe(true);
    await stream.finalChatCompletion();

    const own = streamOf((_, s) => {
      signal = s;
      return new Promise<RuntimeChatCompletion>(() => {});
    }, undefined);
    own.controller.abort();
    expect(signal?.aborted).toBe(true);
  });
});
