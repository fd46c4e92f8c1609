import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/runtime/shared/bytes.ts';
import type { ChatRequest } from '../../src/runtime/shared/engine.ts';
import { InvalidRequestError } from '../../src/runtime/shared/errors/errors.ts';
import { PHI3_MINI_Q4_GGUF as DEFAULT_MODEL, modelFromUrl } from '../../src/runtime/shared/models/catalog.ts';
import { validateChatRequest } from '../../src/runtime/shared/request/validate-request.ts';

const user = [{ role: 'user' as const, content: 'hi' }];

describe('validateChatRequest', () => {
  it('accepts a plain request and the bounds themselves', () => {
    expect(() => validateChatRequest({ messages: user })).not.toThrow();
    expect(() => validateChatRequest({ messages: user, temperature: 0, top_p: 1, max_tokens: 1, stop: ['a', 'b'], seed: 7 })).not.toThrow();
  });

  it.each<[Partial<ChatRequest>, RegExp]>([
    [{ messages: [] }, /conversation is empty/],
    [{ messages: [{ role: 'robot' as 'user', content: 'x' }] }, /role "robot"; use system, user, assistant or tool/],
    [{ messages: [{ role: 'system', content: 'be nice' }] }, /no user message/],
    [{ temperature: 2.5 }, /Temperature must be between 0 and 2 \(got 2.5\)/],
    [{ temperature: Number.NaN }, /Temperature/],
    [{ top_p: 0 }, /Top-p must be above 0/],
    [{ max_tokens: 0 }, /Max tokens must be a whole number/],
    [{ max_tokens: 1.5 }, /Max tokens/],
    [{ stop: ['a', 'b', 'c', 'd', 'e'] }, /At most 4 stop sequences/],
    [{ stop: '' }, /non-empty/],
    [{ seed: 0.5 }, /Seed must be a whole number/],
    [{ cache_prompt: 'no' as unknown as boolean }, /cache_prompt must be true or false \(got no\)/],
  ])('refuses %j with a message that names the field', (change, message) => {
    expect(() => validateChatRequest({ messages: user, ...change } as ChatRequest)).toThrow(InvalidRequestError);
    expect(() => validateChatRequest({ messages: user, ...change } as ChatRequest)).toThrow(message);
  });
});

describe('modelFromUrl', () => {
  it('takes absolute http(s) addresses and names the model after its file', () => {
    expect(modelFromUrl(' https://host.example/org/repo/resolve/main/My%20Model.Q4.gguf ')).toMatchObject({
      url: 'https://host.example/org/repo/resolve/main/My%20Model.Q4.gguf',
      name: 'My Model.Q4.gguf',
    });
  });

  it('takes a path on this site, for self-hosted models', () => {
    expect(modelFromUrl('/models/tiny.gguf', 'https://demo.example/app/').url).toBe('https://demo.example/models/tiny.gguf');
    expect(modelFromUrl('./tiny.gguf', 'https://demo.example/app/').url).toBe('https://demo.example/app/tiny.gguf');
  });

  it('recognises catalog models by id or address', () => {
    expect(modelFromUrl(DEFAULT_MODEL.id)).toBe(DEFAULT_MODEL);
    expect(modelFromUrl(DEFAULT_MODEL.url)).toBe(DEFAULT_MODEL);
  });

  it('takes an MLC model as a base URL plus its library, for mirrors', () => {
    expect(modelFromUrl('/mlc/Tiny-MLC', 'https://demo.example/app/', '/libs/tiny-webgpu.wasm')).toEqual({
      engine: 'web-llm',
      id: 'https://demo.example/mlc/Tiny-MLC/',
      name: 'Tiny-MLC',
      url: 'https://demo.example/mlc/Tiny-MLC/',
      modelLib: 'https://demo.example/libs/tiny-webgpu.wasm',
    });
    expect(modelFromUrl('https://hf.example/org/Tiny-MLC/resolve/main/', undefined, 'https://x/t.wasm').name).toBe('Tiny-MLC');
  });

  it('explains that a folder needs a library, or a .gguf link', () => {
    expect(() => modelFromUrl('https://mirror.example/models/')).toThrow(/is a folder.*add &lib=/);
  });

  it('refuses words and other protocols with a message', () => {
    expect(() => modelFromUrl('phi3 please', 'https://demo.example/')).toThrow(/is not a web address/);
    expect(() => modelFromUrl('ftp://files.example/m.gguf')).toThrow(/http\(s\) only/);
    expect(() => modelFromUrl('javascript:alert(1)')).toThrow(/http\(s\) only/);
  });
});

describe('formatBytes', () => {
  it('uses decimal units like browsers and Hugging Face', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(5000)).toBe('5.0 kB');
    expect(formatBytes(7_630_000)).toBe('7.6 MB');
    expect(formatBytes(512_000_000)).toBe('512 MB');
    expect(formatBytes(DEFAULT_MODEL.sizeBytes as number)).toBe('2.39 GB');
  });
});
