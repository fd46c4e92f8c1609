/** The OpenAI Chat Completions shapes every engine takes and gives: messages, tools, formats, chunks, completions, usage. */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** A call the model made: `arguments` is JSON text that matches the function's parameters schema. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A piece of a tool call in a stream: the first carries id and name, later ones more of `arguments`. */
export interface ToolCallDelta {
  index: number;
  id?: string | undefined;
  type?: 'function' | undefined;
  function?: { name?: string | undefined; arguments?: string | undefined } | undefined;
}

/** Text in a message given as parts. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** A picture in a user message, as OpenAI takes it: a `data:` URL, a `blob:` URL of this page, or (the cloud only) `https:`. */
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' | undefined };
}

export type ContentPart = TextPart | ImagePart;

export interface ChatMessage {
  role: Role;
  /** The text; for a message given as parts, its text parts joined by newlines. */
  content: string;
  /** A user message with pictures: all its parts, in order (engines that cannot see refuse it, never strip it). */
  parts?: ContentPart[] | undefined;
  /** An assistant message: the calls it made (its content may then be empty). */
  tool_calls?: ToolCall[] | undefined;
  /** A `tool` message: which call this is the result of. */
  tool_call_id?: string | undefined;
}

/** A message as OpenAI's API takes it: an assistant message that only calls tools may have no content. */
export type RequestMessage = Omit<ChatMessage, 'content' | 'parts'> & { content?: string | ContentPart[] | null | undefined };

/** A function the model may call; `parameters` is a JSON Schema for its arguments. */
export interface Tool {
  type: 'function';
  function: {
    name: string;
    description?: string | undefined;
    parameters?: Record<string, unknown> | undefined;
    strict?: boolean | null | undefined;
  };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** OpenAI's `response_format`: free text, any JSON object, or JSON that matches a schema. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: {
        name: string;
        description?: string | undefined;
        schema?: Record<string, unknown> | undefined;
        strict?: boolean | null | undefined;
      };
    };

/** The OpenAI Chat Completions request, minus what local engines cannot honour. */
export interface ChatRequest {
  messages: RequestMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  seed?: number;
  /**
   * Reuse the engine's cache of the previous prompt (llama-server's name; on by default): only tokens new
   * since the last reply are evaluated. `false` evaluates the whole conversation again, for comparisons.
   */
  cache_prompt?: boolean;
  response_format?: ResponseFormat | undefined;
  tools?: Tool[] | undefined;
  tool_choice?: ToolChoice | undefined;
  /** Whether the model may make more than one call in a reply (OpenAI's default: true). */
  parallel_tool_calls?: boolean | undefined;
}

/** OpenAI's reasons plus `abort`: the user stopped the reply, which keeps what was generated. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'abort';

/** Token counts as the engine reports them; completion tokens include the end-of-turn token. */
export interface Usage {
  /** The whole prompt, cached tokens included (as OpenAI counts it). */
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** OpenAI's field: `cached_tokens` of the prompt were reused from the previous turn, not evaluated again. */
  prompt_tokens_details?: { cached_tokens: number } | undefined;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: [
    {
      index: 0;
      delta: { role?: 'assistant'; content?: string; tool_calls?: ToolCallDelta[] | undefined };
      finish_reason: FinishReason | null;
    },
  ];
  /** On the last chunk of a stream, as OpenAI sends it with `stream_options.include_usage`. */
  usage?: Usage | undefined;
}

/** The reply: text, or (finish_reason "tool_calls") the calls to run, with content null as OpenAI sends it. */
export interface AssistantReply {
  role: 'assistant';
  content: string | null;
  tool_calls?: ToolCall[] | undefined;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [{ index: 0; message: AssistantReply; finish_reason: FinishReason }];
  usage: Usage;
  /** Speeds the engine measured for this reply, in tokens per second. */
  timings?:
    | {
        prefill_tokens_per_second?: number | undefined;
        decode_tokens_per_second?: number | undefined;
        /** Milliseconds spent evaluating the prompt's new tokens (prefill) before the first token. */
        prefill_ms?: number | undefined;
        /** After a Stop: the tokens the engine still produced once the stop reached it (0 or 1). */
        tokens_after_stop?: number | undefined;
      }
    | undefined;
  /** Earlier messages left out so the conversation fits the context window. */
  dropped_messages?: number | undefined;
}
