/** What each error class carries beyond its message: plain data, typed per class, so it crosses the worker boundary as it is. */
/** What an error suggests doing instead. page: reload the page (a host the security policy allows only after a reload); vision: a model that sees. */
export type NextStep = 'cpu' | 'cloud' | 'variant' | 'smaller' | 'reload' | 'page' | 'vision';

/** What any error may carry beyond its message; plain data, so it crosses the worker boundary. Each class adds its own. */
export interface ErrorDetails {
  /** What to try instead, best first. */
  readonly nextSteps?: readonly NextStep[];
  /** The engine cannot continue: the next request loads the model again. */
  readonly fatal?: boolean;
  readonly url?: string;
}

/** What a server answered: the cloud's, or a model's host. */
export interface ServerFacts {
  readonly host?: string;
  readonly endpoint?: string;
  readonly status?: number;
  readonly serverCode?: string | null;
  /** What the server said (never shown for a 401: it can quote part of the key). */
  readonly serverMessage?: string;
  /** What arrived of a streamed reply before it broke off. */
  readonly partialContent?: string;
  readonly cause?: string;
  /** The page's security policy refused the request before it left. */
  readonly blockedByPolicy?: boolean;
  readonly received?: number;
}

/** A model's file: what is wrong with it ("not-gguf", "truncated", "integrity", "web-page", …), and its sizes. */
export interface ModelFileDetails extends ErrorDetails, ServerFacts {
  readonly reason?: string;
  readonly name?: string;
  readonly total?: number | null;
  readonly need?: number;
  readonly expected?: string | number;
  readonly actual?: string | number;
}

/** A failure that depends on the model or engine that ran. */
export interface EngineDetails extends ErrorDetails {
  readonly engine?: string;
  readonly model?: string;
  readonly reason?: string;
  readonly fileBytes?: number;
  readonly limitBytes?: number;
}

/** What an engine refused or cannot guarantee ("pattern", "tools", "image input"), on which engine and model. */
export interface FeatureDetails extends EngineDetails {
  readonly feature?: string;
  readonly path?: string;
}

/** A request that cannot be sent as it is: which parameter or path, and what the server said of it. */
export interface RequestDetails extends FeatureDetails, ServerFacts {
  readonly param?: string;
}

/** The context window, and what filled it. */
export interface ContextDetails extends FeatureDetails, ServerFacts {
  readonly contextLength?: number;
  readonly pictures?: number;
}

/** This browser's storage: what was kept before it failed, and how much room there was. */
export interface StorageDetails extends ErrorDetails {
  readonly savedBytes?: number;
  readonly keptBytes?: number;
  readonly needBytes?: number;
  readonly freeBytes?: number;
  readonly reason?: string;
  readonly cause?: string;
}

/** A server's refusal or failure, and when to try again. */
export interface ServerDetails extends ErrorDetails, ServerFacts {
  readonly model?: string;
  readonly retryAfterSeconds?: number | null;
  readonly reason?: string;
}

/** Why nothing went to the cloud: the person said no, or the table refused without asking. */
export interface ConsentDetails extends ErrorDetails {
  readonly host: string;
  readonly reason?: 'declined' | 'refused';
}

/** Why a file could not be indexed. */
export interface DocumentDetails extends ErrorDetails {
  readonly reason: 'empty' | 'too-large' | 'binary' | 'encrypted' | 'no-text' | 'unsupported' | 'unreadable';
  readonly bytes?: number;
}
