/** Fitting a conversation into a model's context window before it is sent, so the engine never throws on length. */
import type { Role } from '../../shared/engine.ts';

/** What fitting reads of a message; engines fit the messages their template gets. */
type Fittable = { role: Role; content: string };

/** Tokenizers average about 4 characters per token in English; 3 leaves a margin for code and other scripts. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/** Chat templates add a few tokens per message (role markers, separators). */
const PER_MESSAGE = 8;

export interface FitOptions {
  contextWindow: number;
  /** Tokens to keep free for the reply. */
  reserve: number;
  count?: (text: string) => number;
}

export interface FitResult<M extends Fittable = Fittable> {
  messages: M[];
  /** How many earlier messages were left out. */
  dropped: number;
}

/**
 * Keeps the system prompt and the newest turns, dropping the oldest until the estimate fits. The last
 * message is always kept, and the kept part starts with a user turn, as chat templates expect.
 */
export function fitConversation<M extends Fittable>(
  messages: readonly M[],
  { contextWindow, reserve, count = estimateTokens }: FitOptions,
): FitResult<M> {
  const system = messages.filter((m) => m.role === 'system');
  const turns = messages.filter((m) => m.role !== 'system');
  const size = (list: readonly M[]) => list.reduce((n, m) => n + count(m.content) + PER_MESSAGE, 0);
  const budget = contextWindow - Math.min(reserve, Math.floor(contextWindow / 2));
  let start = 0;
  while (start < turns.length - 1 && size(system) + size(turns.slice(start)) > budget) start++;
  while (start > 0 && start < turns.length - 1 && turns[start]?.role !== 'user') start++;
  return { messages: [...system, ...turns.slice(start)], dropped: start };
}

/** One more turn left out, after an engine said the fitted conversation was still too long. */
export function dropOldestTurn<M extends Fittable>(messages: readonly M[]): M[] | null {
  const system = messages.filter((m) => m.role === 'system');
  const turns = messages.filter((m) => m.role !== 'system');
  if (turns.length <= 1) return null;
  let start = 1;
  while (start < turns.length - 1 && turns[start]?.role !== 'user') start++;
  return [...system, ...turns.slice(start)];
}
