/**
 * InPage as a library: a language model in the page behind OpenAI's Chat Completions shapes.
 *
 *   import { createRuntime } from 'inpage';
 *   const runtime = createRuntime({ model: 'auto' });
 *   for await (const chunk of await runtime.chat.completions.create({ messages, stream: true }))
 *     output.textContent += chunk.choices[0]?.delta.content ?? '';
 */

export type {
  ConsentDetails,
  ContextDetails,
  DocumentDetails,
  EngineDetails,
  ErrorCode,
  ErrorDetails,
  FeatureDetails,
  ModelFileDetails,
  RequestDetails,
  ServerDetails,
  ServerFacts,
  StorageDetails,
} from '../runtime/shared/errors/errors.ts';
export {
  AbortError,
  AuthenticationError,
  ConsentRequiredError,
  ContextWindowExceededError,
  DeviceLostError,
  DocumentError,
  IncompleteReplyError,
  InferenceError,
  InPageError,
  InvalidModelError,
  InvalidRequestError,
  ModelLoadError,
  ModelNotFoundError,
  ModelNotLoadedError,
  NetworkError,
  OutOfMemoryError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServiceUnavailableError,
  StorageError,
  UnsupportedFeatureError,
  WebGPUUnavailableError,
  WorkerCrashedError,
} from '../runtime/shared/errors/errors.ts';
/** What the runtime says (an error's, a note's), as a key and its parameters; `inEnglish` words it. */
export { inEnglish, type Said } from '../runtime/shared/errors/said.ts';
export * from './runtime.ts';
