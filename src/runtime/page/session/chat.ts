/**
 * Answering a request, the one way every face does it: pictures cleaned, then this device (loading
 * the model first) or the cloud as the decision table says, consent asked through the face's one
 * callback, passages added, the first token timed, and nothing streamed after the answer settles.
 */
import type { Passage } from '../../shared/documents/types.ts';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatEngineKind,
  ChatRequest,
  EnginePreferences,
  LoadedModel,
  ModelSpec,
} from '../../shared/engine.ts';
import {
  AbortError,
  ConsentRequiredError,
  ContextWindowExceededError,
  cannotRunLocally,
  InPageError,
  type NextStep,
  type RebuiltClass,
} from '../../shared/errors/errors.ts';
import { type Said, saidOf, say } from '../../shared/errors/said.ts';
import { validateChatRequest } from '../../shared/request/validate-request.ts';
import type { WorkerBridge } from '../bridge/worker-bridge.ts';
import { figuresOf, type ReplyFigures } from '../compare/figures.ts';
import { withPassages } from '../documents/cite.ts';
import { endpointHost } from '../engines/cloud/endpoint.ts';
import type { CloudFacts } from './cloud-decision.ts';
import type { CloudRoute, ConsentOutcome } from './cloud-route.ts';
import type { ModelLoader } from './model-loader.ts';
import { withCleanPictures } from './pictures.ts';
import { type ReplyTimes, timed } from './timed.ts';

/** Who answers a reply: told to the face before the first token, and kept with the answer. */
export interface AnswerSource {
  engine: ChatEngineKind;
  /** The model's id, and its name as a person reads it. */
  model: string;
  name: string;
  /** The cloud answered because this device could not. */
  fallback: boolean;
  /** The cloud's host, when the cloud answered. */
  host?: string | undefined;
  /** Why this device could not answer, when the cloud did instead. */
  reason?: Said | undefined;
  /** The model this device answered with. */
  loaded?: LoadedModel | undefined;
}

export interface AnswerOptions {
  /** auto (the default): this device, and the cloud only as the table allows; device: this device alone (a benchmark); cloud: chosen for this request. */
  where?: 'auto' | 'device' | 'cloud' | undefined;
  /** Who chose the cloud: the person (asked as the table says), or the developer who made it the model (`model: "cloud"`). */
  chosenBy?: 'person' | 'developer' | undefined;
  /** Consent given for this conversation stands for its later requests; without one, each request is asked about. */
  conversation?: string | undefined;
  /** Passages of the user's documents, best first: added to the system message, the lowest-ranked left out if the model's window is too small. */
  passages?: readonly Passage[] | undefined;
  /** Why this device could not answer, when the person takes the cloud's offer for it. */
  reason?: Said | null | undefined;
  /** The model to answer with on this device; the face's choice when absent. */
  model?: ModelSpec | undefined;
  preferences?: EnginePreferences | undefined;
  signal?: AbortSignal | undefined;
  onChunk?: ((chunk: ChatCompletionChunk) => void) | undefined;
  /** Who answers, once it is known and before any of the reply. */
  onSource?: ((source: AnswerSource) => void) | undefined;
  /** The cloud asked to wait (429) and is asked again after `seconds`. */
  onRetry?: ((seconds: number) => void) | undefined;
}

export interface ChatAnswer {
  completion: ChatCompletion;
  source: AnswerSource;
  times: ReplyTimes;
  figures: ReplyFigures;
  /** The passages sent with the request (fewer than given when the window was too small). */
  passages: Passage[];
}

export interface ChatDeps {
  bridge: WorkerBridge;
  models: ModelLoader;
  cloud: CloudRoute | null;
  /** The model a request answers with when it names none. */
  model(): Promise<ModelSpec>;
  preferences(): EnginePreferences;
  onFallback(source: AnswerSource): void;
}

/** `request` with its pictures cleaned, then checked: named errors before anything runs or leaves. */
export async function ready(request: ChatRequest, signal: AbortSignal | undefined): Promise<ChatRequest> {
  if (signal?.aborted) throw new AbortError();
  // A request with no list of messages is said as the request check says it, before any picture is read.
  if (!Array.isArray(request?.messages)) validateChatRequest(request);
  const clean = await withCleanPictures(request);
  validateChatRequest(clean);
  return clean;
}

export async function answer(deps: ChatDeps, request: ChatRequest, options: AnswerOptions = {}): Promise<ChatAnswer> {
  const clean = await ready(request, options.signal);
  if (options.where === 'cloud')
    return inCloud(deps, clean, options, options.chosenBy === 'developer' ? 'configured' : 'chosen', options.reason ?? null);
  if (options.where === 'device') return onDevice(deps, clean, options);
  try {
    return await onDevice(deps, clean, options);
  } catch (error) {
    return fallBack(deps, error, clean, options);
  }
}

/** This device could not answer: the cloud, as the table says (sent, asked, offered on the failure, or not at all). */
async function fallBack(deps: ChatDeps, error: unknown, request: ChatRequest, options: AnswerOptions): Promise<ChatAnswer> {
  if (!deps.cloud || !cannotRunLocally(error) || options.signal?.aborted) throw withCloudStep(error, false);
  const reason = saidOf(error);
  const outcome = await consent(deps.cloud, request, options, 'fallback', reason);
  if (outcome !== 'allowed') throw withCloudStep(error, outcome === 'offered' || outcome === 'declined');
  return send(deps, request, options, { fallback: true, reason });
}

async function inCloud(
  deps: ChatDeps,
  request: ChatRequest,
  options: AnswerOptions,
  purpose: CloudFacts['purpose'],
  reason: Said | null,
): Promise<ChatAnswer> {
  const cloud = deps.cloud;
  if (!cloud?.spec) throw new ConsentRequiredError(say('cloudNotSetUp'));
  const outcome = await consent(cloud, request, options, purpose, reason);
  if (outcome !== 'allowed') throw notSent(outcome, cloud, purpose);
  return send(deps, request, options, { fallback: false, reason });
}

export function consent(
  cloud: CloudRoute,
  request: ChatRequest,
  options: Pick<AnswerOptions, 'conversation' | 'passages' | 'signal'>,
  purpose: CloudFacts['purpose'],
  reason: Said | null,
): Promise<ConsentOutcome> {
  const passages = [...(options.passages ?? [])];
  const messages = validateChatRequest(request);
  return cloud.consent({ conversation: options.conversation, request, messages, passages, reason, purpose }, options.signal);
}

/** Why nothing went to the cloud for `purpose`, as the error a face shows. */
export function notSent(outcome: ConsentOutcome, cloud: CloudRoute, purpose: CloudFacts['purpose']): ConsentRequiredError {
  const host = cloud.spec ? endpointHost(cloud.spec.url) : '';
  if (outcome === 'declined') return new ConsentRequiredError(say('keptLocal'), { host, reason: 'declined' });
  return new ConsentRequiredError(say(cloud.policy(purpose) === 'never' ? 'cloudNever' : 'cloudNotAsked', { host }), {
    host,
    reason: 'refused',
  });
}

export async function send(
  deps: ChatDeps,
  request: ChatRequest,
  options: AnswerOptions,
  { fallback, reason }: { fallback: boolean; reason: Said | null },
): Promise<ChatAnswer> {
  const cloud = deps.cloud as CloudRoute;
  const spec = cloud.spec;
  if (!spec) throw new ConsentRequiredError(say('cloudNotSetUp'));
  const source: AnswerSource = { engine: 'cloud', model: spec.id, name: spec.name, fallback, host: endpointHost(spec.url) };
  if (reason) source.reason = reason;
  options.onSource?.(source);
  if (fallback) deps.onFallback(source);
  const passages = [...(options.passages ?? [])];
  const sent = { ...request, messages: withPassages(request.messages, passages) };
  const { completion, times } = await timed(
    (onChunk) => cloud.send(sent, { signal: options.signal, onChunk, onRetry: options.onRetry }),
    options.onChunk,
  );
  return { completion, source, times, figures: figuresOf(completion, 'cloud', spec.id, times), passages };
}

export async function onDevice(deps: ChatDeps, request: ChatRequest, options: AnswerOptions): Promise<ChatAnswer> {
  const { signal } = options;
  const model = options.model ?? (await deps.model());
  const loaded = await deps.models.load(model, { signal, preferences: options.preferences ?? deps.preferences() });
  const source: AnswerSource = { engine: loaded.engine, model: loaded.id, name: loaded.name, fallback: false, loaded };
  options.onSource?.(source);
  let passages = [...(options.passages ?? [])];
  for (;;) {
    let streamed = false;
    const sent = { ...request, messages: withPassages(request.messages, passages) };
    try {
      const { completion, times } = await timed(
        (onChunk) =>
          deps.bridge.run('chat', [sent], {
            signal,
            onReport: (chunk) => {
              streamed = true;
              onChunk(chunk);
            },
          }),
        options.onChunk,
      );
      return { completion, source, times, figures: figuresOf(completion, source.engine, source.model, times), passages };
    } catch (error) {
      // A fatal engine error leaves no usable model: the next request loads it again.
      if (error instanceof InPageError && error.details.fatal) deps.models.forget();
      // The passage budget counts 3 characters a token; a script the tokenizer splits finer (Cyrillic in
      // Phi-3's) can still overflow the window: then the lowest-ranked passage goes, until the question fits.
      if (!(error instanceof ContextWindowExceededError) || !passages.length || streamed) throw error;
      passages = passages.slice(0, -1);
    }
  }
}

/** `error` with the cloud among its next steps exactly when the table offers it (its other steps kept, in order). */
function withCloudStep(error: unknown, offered: boolean): unknown {
  if (!(error instanceof InPageError)) return error;
  const steps = (error.details.nextSteps ?? []).filter((s: NextStep) => s !== 'cloud');
  const nextSteps: NextStep[] = offered ? [...steps, 'cloud'] : steps;
  const before = error.details.nextSteps ?? [];
  if (nextSteps.length === before.length && nextSteps.every((s, i) => s === before[i])) return error;
  const Class = error.constructor as RebuiltClass;
  const copy = new Class(error.said ?? error.message, { ...error.details, nextSteps });
  if (error.stack) copy.stack = error.stack;
  return copy;
}
