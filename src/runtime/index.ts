/**
 * The runtime's core, as the faces (the app, the library, the widget, the AI SDK provider) use it:
 * one session per worker, which alone loads models, answers requests and applies policy.
 * Code is laid out by where it runs: page/ (this page), worker/ (the runtime's worker), shared/ (both).
 */
export {
  type AnswerOptions,
  type AnswerSource,
  type ChatAnswer,
  type CloudSetup,
  type ComparedReply,
  type CompareOptions,
  type Comparison,
  type ConsentQuestion,
  createSession,
  type Session,
  type SessionEvents,
  type SessionOptions,
} from './page/session/index.ts';
