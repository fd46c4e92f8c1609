/**
 * Embedding passages whatever their script: a chunk aims for 1000 characters, about 250 tokens of
 * English, but Cyrillic or code runs near a token a character in an English vocabulary, past the 512
 * tokens a BERT-class model reads at once. Such a chunk is split at a space near its middle until
 * each part fits, so every word of a document stays searchable.
 */
import type { ChunkText } from '../../shared/documents/types.ts';
import { ContextWindowExceededError } from '../../shared/errors/errors.ts';
import type { Embedder } from './embedder.ts';

/** Two halves of `chunk`, split at the space nearest its middle (or at the middle, where it has none). */
function halves(chunk: ChunkText): [ChunkText, ChunkText] {
  const { text } = chunk;
  const middle = Math.floor(text.length / 2);
  const before = text.lastIndexOf(' ', middle);
  const after = text.indexOf(' ', middle);
  const at = [before, after].filter((i) => i > 0 && i < text.length - 1).sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle))[0];
  const cut = at ?? Math.max(1, middle);
  const left = text.slice(0, cut).trimEnd();
  const rightStart = cut + (text.slice(cut).length - text.slice(cut).trimStart().length);
  return [
    { ...chunk, text: left, end: chunk.start + left.length },
    { ...chunk, text: text.slice(rightStart), start: chunk.start + rightStart },
  ];
}

/** One chunk's parts and vectors: the chunk itself if it fits, else its halves, recursively. */
async function embedOne(embedder: Embedder, chunk: ChunkText, signal: AbortSignal): Promise<[ChunkText, Float32Array][]> {
  try {
    const [vector] = (await embedder.embed([chunk.text], signal)).vectors;
    return vector ? [[chunk, vector]] : [];
  } catch (error) {
    if (!(error instanceof ContextWindowExceededError) || chunk.text.length < 2) throw error;
    const [left, right] = halves(chunk);
    return [...(await embedOne(embedder, left, signal)), ...(await embedOne(embedder, right, signal))];
  }
}

/**
 * Embeds `batch`, all at once while every chunk fits; once one does not, one at a time (so no work is
 * thrown away again), splitting those that are too long. Returns the chunks as indexed, each with its vector.
 */
export async function embedFitting(
  embedder: Embedder,
  batch: readonly ChunkText[],
  signal: AbortSignal,
  state: { oneByOne: boolean },
): Promise<{ chunks: ChunkText[]; vectors: Float32Array[] }> {
  if (!state.oneByOne)
    try {
      return {
        chunks: [...batch],
        vectors: (
          await embedder.embed(
            batch.map((c) => c.text),
            signal,
          )
        ).vectors,
      };
    } catch (error) {
      if (!(error instanceof ContextWindowExceededError)) throw error;
      state.oneByOne = true;
    }
  const parts: [ChunkText, Float32Array][] = [];
  for (const chunk of batch) parts.push(...(await embedOne(embedder, chunk, signal)));
  return { chunks: parts.map(([c]) => c), vectors: parts.map(([, v]) => v) };
}

/** A question's vector; a question longer than the model reads at once is searched by its first part. */
export async function embedQuery(embedder: Embedder, query: string, signal?: AbortSignal): Promise<Float32Array | undefined> {
  let text = query;
  for (;;)
    try {
      return (await embedder.embed([text], signal)).vectors[0];
    } catch (error) {
      if (!(error instanceof ContextWindowExceededError) || text.length < 2) throw error;
      text = halves({ text, start: 0, end: text.length })[0].text;
    }
}
