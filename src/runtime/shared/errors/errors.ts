/**
 * Named errors shared by the page and the worker. Each has a stable `code`, a `name` that survives
 * the worker boundary (see error-transfer.ts), and a message that tells the user what to do.
 */

import type {
  ConsentDetails,
  ContextDetails,
  DocumentDetails,
  EngineDetails,
  ErrorDetails,
  FeatureDetails,
  ModelFileDetails,
  RequestDetails,
  ServerDetails,
  StorageDetails,
} from './details.ts';
import { inEnglish, type Said, say } from './said.ts';

export type * from './details.ts';

export abstract class InPageError<D extends ErrorDetails = ErrorDetails> extends Error {
  abstract readonly code: string;
  readonly details: D;
  /** The message as a key and parameters, for UIs that word it in another language; see said.ts. */
  readonly said: Said | undefined;
  constructor(message: string | Said, details: D = {} as D) {
    super(typeof message === 'string' ? message : inEnglish(message));
    this.said = typeof message === 'string' ? undefined : message;
    this.details = details;
  }
}

/** The model could not be loaded for a reason not covered by a more specific error. */
export class ModelLoadError extends InPageError<EngineDetails> {
  override name = 'ModelLoadError';
  readonly code = 'MODEL_LOAD' as const;
}

/** Nothing is at the model's address (HTTP 404 or 410). */
export class ModelNotFoundError extends InPageError<ModelFileDetails> {
  override name = 'ModelNotFoundError';
  readonly code = 'MODEL_NOT_FOUND' as const;
}

/** The file is not a usable model: a web page, another format, or cut short. */
export class InvalidModelError extends InPageError<ModelFileDetails> {
  override name = 'InvalidModelError';
  readonly code = 'INVALID_MODEL' as const;
}

/** A chat was asked for before any model was loaded. */
export class ModelNotLoadedError extends InPageError {
  override name = 'ModelNotLoadedError';
  readonly code = 'MODEL_NOT_LOADED' as const;
}

/** The host could not be reached, refused the request, or the connection dropped. */
export class NetworkError extends InPageError<ServerDetails> {
  override name = 'NetworkError';
  readonly code = 'NETWORK' as const;
}

/** The browser refused to store more data for this site. */
export class QuotaExceededError extends InPageError<StorageDetails> {
  override name = 'QuotaExceededError';
  readonly code = 'QUOTA_EXCEEDED' as const;
}

/** This browser's storage failed or is unavailable to the site (private mode, blocked site data). */
export class StorageError extends InPageError<StorageDetails> {
  override name = 'StorageError';
  readonly code = 'STORAGE' as const;
}

/** The operation was cancelled on purpose; callers treat it as a quiet outcome, not a failure. */
export class AbortError extends InPageError {
  override name = 'AbortError';
  readonly code = 'ABORTED' as const;
  constructor(message: string | Said = say('cancelled'), details: ErrorDetails = {}) {
    super(message, details);
  }
}

/** This browser or device cannot run the WebGPU engine. */
export class WebGPUUnavailableError extends InPageError<EngineDetails> {
  override name = 'WebGPUUnavailableError';
  readonly code = 'WEBGPU_UNAVAILABLE' as const;
}

/** The GPU was lost mid-task (driver reset, sleep, another tab taking it). */
export class DeviceLostError extends InPageError<EngineDetails> {
  override name = 'DeviceLostError';
  readonly code = 'DEVICE_LOST' as const;
}

/** The model does not fit in the memory this device gives the page. */
export class OutOfMemoryError extends InPageError<EngineDetails> {
  override name = 'OutOfMemoryError';
  readonly code = 'OUT_OF_MEMORY' as const;
}

/** The conversation is longer than the model's context window. */
export class ContextWindowExceededError extends InPageError<ContextDetails> {
  override name = 'ContextWindowExceededError';
  readonly code = 'CONTEXT_WINDOW_EXCEEDED' as const;
}

/** The engine's worker died or was terminated; the next request starts a new one. */
export class WorkerCrashedError extends InPageError {
  override name = 'WorkerCrashedError';
  readonly code = 'WORKER_CRASHED' as const;
}

/** The engine failed while generating a reply; reloading the model usually helps. */
export class InferenceError extends InPageError<EngineDetails> {
  override name = 'InferenceError';
  readonly code = 'INFERENCE' as const;
}

/** The request itself is malformed (empty conversation, out-of-range setting). */
export class InvalidRequestError extends InPageError<RequestDetails> {
  override name = 'InvalidRequestError';
  readonly code = 'INVALID_REQUEST' as const;
}

/**
 * The request is valid, but this engine cannot guarantee a part of it (a JSON Schema keyword, a
 * combination of options); `details.feature` and `details.engine` say which. Refused, never ignored.
 */
export class UnsupportedFeatureError extends InPageError<FeatureDetails> {
  override name = 'UnsupportedFeatureError';
  readonly code = 'UNSUPPORTED_FEATURE' as const;
}

/** The cloud endpoint rejected the API key (HTTP 401). */
export class AuthenticationError extends InPageError<ServerDetails> {
  override name = 'AuthenticationError';
  readonly code = 'AUTHENTICATION' as const;
}

/** The cloud endpoint refused this key or this request (HTTP 403): no access to the model, or a region block. */
export class PermissionDeniedError extends InPageError<ServerDetails> {
  override name = 'PermissionDeniedError';
  readonly code = 'PERMISSION_DENIED' as const;
}

/** The cloud endpoint is limiting requests (HTTP 429); `details.retryAfterSeconds` when it said how long. */
export class RateLimitError extends InPageError<ServerDetails> {
  override name = 'RateLimitError';
  readonly code = 'RATE_LIMITED' as const;
}

/** The cloud service failed on its side (HTTP 5xx). */
export class ServiceUnavailableError extends InPageError<ServerDetails> {
  override name = 'ServiceUnavailableError';
  readonly code = 'SERVICE_UNAVAILABLE' as const;
}

/** A streamed reply broke off (malformed or cut stream); `details.partialContent` holds what arrived. */
export class IncompleteReplyError extends InPageError<ServerDetails> {
  override name = 'IncompleteReplyError';
  readonly code = 'INCOMPLETE_REPLY' as const;
}

/** Nothing was sent to the cloud: no one agreed to it (declined, or no way to ask was given). */
export class ConsentRequiredError extends InPageError<ConsentDetails> {
  override name = 'ConsentRequiredError';
  readonly code = 'CONSENT_REQUIRED' as const;
}

/**
 * A file that cannot be indexed: `details.reason` says why (empty, too-large, binary, encrypted,
 * no-text, unsupported), and nothing of it was kept.
 */
export class DocumentError extends InPageError<DocumentDetails> {
  override name = 'DocumentError';
  readonly code = 'DOCUMENT_UNREADABLE' as const;
}

export type ErrorClass = new (message: string | Said, details?: never) => InPageError;
/** A class as the receiving side rebuilds it, with the details that crossed (each class's own shape). */
export type RebuiltClass = new (message: string | Said, details?: ErrorDetails) => InPageError;

const CLASSES = [
  ModelLoadError,
  ModelNotFoundError,
  InvalidModelError,
  ModelNotLoadedError,
  NetworkError,
  QuotaExceededError,
  StorageError,
  AbortError,
  WebGPUUnavailableError,
  DeviceLostError,
  OutOfMemoryError,
  ContextWindowExceededError,
  WorkerCrashedError,
  InferenceError,
  InvalidRequestError,
  UnsupportedFeatureError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  IncompleteReplyError,
  ConsentRequiredError,
  DocumentError,
] as const satisfies readonly ErrorClass[];

/** Every class that crosses the worker boundary intact: add a new one here, or it arrives as a plain Error. */
export const ERROR_CLASSES: readonly RebuiltClass[] = CLASSES as readonly ErrorClass[] as readonly RebuiltClass[];

/** Every class's stable code: the union of the list above, so a new class brings its code with it. */
export type ErrorCode = InstanceType<(typeof CLASSES)[number]>['code'];

/** The error's stable code, when it is one of ours. */
export const codeOf = (error: unknown): ErrorCode | undefined => (error instanceof InPageError ? (error.code as ErrorCode) : undefined);

/** Failures that mean the local model cannot answer this here (no GPU path, lost device, no memory, no download, no storage, a dead engine, a feature it cannot guarantee): where the cloud may step in. */
export function cannotRunLocally(error: unknown): boolean {
  return [
    WebGPUUnavailableError,
    DeviceLostError,
    OutOfMemoryError,
    NetworkError,
    QuotaExceededError,
    StorageError,
    WorkerCrashedError,
    ModelLoadError,
    // The local engine cannot guarantee what was asked (a schema keyword, tools on this model); the cloud can.
    UnsupportedFeatureError,
  ].some((Class) => error instanceof Class);
}

/** True for a deliberate cancellation from any source (ours, fetch's DOMException, wllama's). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
