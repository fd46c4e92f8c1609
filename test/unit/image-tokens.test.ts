/** A picture's size read from its header, and what the cloud's published rule says it costs in prompt tokens. */
import { describe, expect, it } from 'vitest';
import { imageTokens, pictureTokens } from '../../src/runtime/page/engines/cloud/image-tokens.ts';
import { dataUrlBytes, pictureSize } from '../../src/runtime/shared/pictures/picture-bytes.ts';

const u16be = (n: number) => [n >> 8, n & 255];
const u16le = (n: number) => [n & 255, n >> 8];
const u24le = (n: number) => [n & 255, (n >> 8) & 255, n >> 16];
const u32le = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const RED = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';

describe('pictureSize', () => {
  it('reads width and height from each format’s header', () => {
    const png = [0x89, ...ascii('PNG\r\n\x1a\n'), ...u32be(13), ...ascii('IHDR'), ...u32be(640), ...u32be(480)];
    const gif = [...ascii('GIF89a'), ...u16le(300), ...u16le(200)];
    // SOI, an APP1 segment to step over (as a camera's EXIF is), then a baseline frame: height, then width.
    const jpeg = [0xff, 0xd8, 0xff, 0xe1, ...u16be(6), 1, 2, 3, 4, 0xff, 0xc0, ...u16be(17), 8, ...u16be(768), ...u16be(1024), 3];
    const riff = (chunk: string, body: number[]) => [...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP'), ...ascii(chunk), 0, 0, 0, 0, ...body];
    const lossy = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(320), ...u16le(240)]);
    // VP8L packs width − 1 and height − 1 in 14 bits each, after its signature byte.
    const lossless = riff('VP8L', [0x2f, ...u32le(99 | (49 << 14))]);
    const extended = riff('VP8X', [0, 0, 0, 0, ...u24le(1999), ...u24le(999)]);
    expect([png, gif, jpeg, lossy, lossless, extended].map((b) => pictureSize(new Uint8Array(b)))).toEqual([
      { width: 640, height: 480 },
      { width: 300, height: 200 },
      { width: 1024, height: 768 },
      { width: 320, height: 240 },
      { width: 100, height: 50 },
      { width: 2000, height: 1000 },
    ]);
    expect(pictureSize(dataUrlBytes(RED))).toEqual({ width: 1, height: 1 });
  });

  it('says null for what it cannot read rather than guess', () => {
    expect(pictureSize(new Uint8Array(ascii('not a picture')))).toBeNull();
    expect(pictureSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
    expect(pictureSize(new Uint8Array([0x89, ...ascii('PNG\r\n\x1a\n')]))).toBeNull();
  });
});

describe('imageTokens, by OpenAI’s published rule', () => {
  it('low detail is the base alone; high tiles the picture fitted in 2048 and shrunk to 768 on its shorter side', () => {
    expect(imageTokens(4000, 3000, 'low')).toBe(2833);
    // 1024 × 1024 → 768 × 768: four tiles (OpenAI's worked example, 765 tokens on GPT-4o).
    expect(imageTokens(1024, 1024, 'high', 'gpt-4o')).toBe(765);
    expect(imageTokens(1024, 1024, 'high')).toBe(2833 + 4 * 5667);
    // 2048 × 4096 → 1024 × 2048 → 768 × 1536: six tiles (OpenAI's second example, 1105 on GPT-4o).
    expect(imageTokens(2048, 4096, 'high', 'gpt-4o')).toBe(1105);
    // Small pictures are not enlarged: one tile.
    expect(imageTokens(32, 32, 'auto')).toBe(2833 + 5667);
    expect(imageTokens(1024, 1024, 'high', 'gpt-4o-mini-2024-07-18')).toBe(2833 + 4 * 5667);
  });

  it('counts the pictures of a conversation, each by its size and detail', () => {
    const picture = (detail?: 'low' | 'high') => ({ type: 'image_url' as const, image_url: { url: RED, detail } });
    const messages = [
      { role: 'user' as const, content: 'a', parts: [{ type: 'text' as const, text: 'a' }, picture('low'), picture()] },
      { role: 'assistant' as const, content: 'red' },
    ];
    expect(pictureTokens(messages, 'gpt-4o-mini')).toEqual({ pictures: 2, tokens: 2833 + (2833 + 5667) });
    expect(pictureTokens([{ role: 'user', content: 'no pictures' }], 'gpt-4o-mini')).toEqual({ pictures: 0, tokens: 0 });
  });
});
