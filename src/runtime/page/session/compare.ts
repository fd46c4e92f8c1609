/**
 * Compare: one request to this device and to the cloud. The cloud's side is asked about first, as
 * every comparison is (cloud-decision.ts); then both run at once, and each settles on its own.
 */
import type { ChatCompletion, ChatRequest } from '../../shared/engine.ts';
import { ConsentRequiredError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import type { ReplyFigures } from '../compare/figures.ts';
import { type AnswerOptions, type AnswerSource, type ChatAnswer, type ChatDeps, consent, notSent, onDevice, ready, send } from './chat.ts';

/** One side of a comparison: the answer and its figures, or why there is none. */
export type ComparedReply =
  | { ok: true; completion: ChatCompletion; figures: ReplyFigures; source: AnswerSource; answer: ChatAnswer }
  | { ok: false; error: Error };

type SideOptions = Pick<AnswerOptions, 'onChunk' | 'onSource' | 'onRetry'>;

export interface CompareOptions extends Pick<AnswerOptions, 'conversation' | 'passages' | 'model' | 'preferences' | 'signal'> {
  local?: SideOptions | undefined;
  cloud?: SideOptions | undefined;
}

export interface Comparison {
  local: ComparedReply;
  cloud: ComparedReply;
}

async function side(run: () => Promise<ChatAnswer>): Promise<ComparedReply> {
  try {
    const answer = await run();
    return { ok: true, completion: answer.completion, figures: answer.figures, source: answer.source, answer };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Both answers; a stop while the cloud's question is open ends it all (nothing runs), a "no" leaves this device's alone. */
export async function compare(deps: ChatDeps, request: ChatRequest, options: CompareOptions = {}): Promise<Comparison> {
  const clean = await ready(request, options.signal);
  const { local, cloud, ...shared } = options;
  const route = deps.cloud;
  const outcome = route?.spec ? await consent(route, clean, shared, 'compare', null) : null;
  const [here, there] = await Promise.all([
    side(() => onDevice(deps, clean, { ...shared, ...local })),
    outcome === 'allowed'
      ? side(() => send(deps, clean, { ...shared, ...cloud }, { fallback: false, reason: null }))
      : Promise.resolve<ComparedReply>({
          ok: false,
          error: route && outcome ? notSent(outcome, route, 'compare') : new ConsentRequiredError(say('cloudNotSetUp')),
        }),
  ]);
  return { local: here, cloud: there };
}
