/**
 * What a picture costs in prompt tokens, by OpenAI's published rule: low detail is a fixed base; high
 * (and auto, counted as high so the estimate is never low) fits the picture in 2048 × 2048, shrinks its
 * shorter side to 768, and adds a tile price per 512-pixel tile.
 */
import type { ChatMessage } from '../../../shared/chat-types.ts';
import { dataUrlBytes, pictureSize } from '../../../shared/pictures/picture-bytes.ts';

/** Base and per-tile tokens; GPT-4o-mini's are 33 times GPT-4o's, which keeps its price per picture the same. */
const RULES: Record<string, { base: number; tile: number }> = {
  'gpt-4o-mini': { base: 2833, tile: 5667 },
  'gpt-4o': { base: 85, tile: 170 },
};

export type Detail = 'auto' | 'low' | 'high';

/** Prompt tokens for one `width` × `height` picture sent to `model` at `detail`. */
export function imageTokens(width: number, height: number, detail: Detail = 'auto', model = 'gpt-4o-mini'): number {
  const rule = RULES[model] ?? RULES[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')] ?? (RULES['gpt-4o-mini'] as { base: number; tile: number });
  if (detail === 'low') return rule.base;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shrink = Math.min(1, 768 / Math.min(w, h));
  w *= shrink;
  h *= shrink;
  return rule.base + rule.tile * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/**
 * The pictures of `messages` (data: URLs) in `model`'s prompt tokens, and how many there are. A picture
 * whose size cannot be read from this page (a blob: or https: one) is counted at the 2048-pixel worst case.
 */
export function pictureTokens(messages: readonly ChatMessage[], model: string): { tokens: number; pictures: number } {
  let tokens = 0;
  let pictures = 0;
  for (const part of messages.flatMap((m) => m.parts ?? [])) {
    if (part.type !== 'image_url') continue;
    const { url, detail } = part.image_url;
    const size = url.startsWith('data:') ? pictureSize(dataUrlBytes(url)) : null;
    tokens += imageTokens(size?.width ?? 2048, size?.height ?? 2048, detail, model);
    pictures++;
  }
  return { tokens, pictures };
}
