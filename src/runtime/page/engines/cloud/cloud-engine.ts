/**
 * The cloud engine: OpenAI Chat Completions (or any compatible server) through the official SDK,
 * loaded only when the cloud is used. It runs on the page, not in the worker, so it still answers
 * when the local engine's worker has crashed. Whether anything may be sent is decided by the caller
 * (consent); this engine only sends what it is given, with the key bound to its endpoint.
 */

import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatEngine,
  ChatMessage,
  ChatOptions,
  ChatRequest,
  CloudModelSpec,
  FinishReason,
  LoadedModel,
  ToolCall,
  Usage,
} from '../../../shared/engine.ts';
import { AbortError, ModelNotLoadedError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';
import { policyBlockError } from '../../../shared/policy-blocks.ts';
import { inlinePictures } from '../../../shared/request/content-parts.ts';
import { validateChatRequest } from '../../../shared/request/validate-request.ts';
import { cloudError, retryAfterSeconds } from './cloud-errors.ts';
import { normalizeEndpoint } from './endpoint.ts';
import { estimateUsage, finishReason, gatherCall, toOpenAI } from './openai-shapes.ts';

export interface CloudEngineOptions {
  /** The key saved for exactly this endpoint, or undefined (a server that needs none). */
  keyFor(endpoint: string): Promise<string | undefined>;
  /** The longest Retry-After a 429 may ask for and still be retried (once). */
  maxRetryWaitSeconds?: number;
}

export interface CloudChatOptions extends ChatOptions {
  /** Called when a 429 is retried, with the seconds the server asked to wait. */
  onRetry?: ((seconds: number) => void) | undefined;
}

type Sdk = typeof OpenAI;
const loadSdk = (): Promise<Sdk> => import('openai').then((m) => m.default);

function sleep(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new AbortError());
    });
  });
}

export class CloudEngine implements ChatEngine<CloudModelSpec> {
  readonly #keyFor: CloudEngineOptions['keyFor'];
  readonly #maxWait: number;
  #model: CloudModelSpec | null = null;
  #current: AbortController | null = null;

  constructor({ keyFor, maxRetryWaitSeconds = 20 }: CloudEngineOptions) {
    this.#keyFor = keyFor;
    this.#maxWait = maxRetryWaitSeconds;
  }

  /** Checks the endpoint; nothing is sent until a chat. */
  async load(model: CloudModelSpec): Promise<LoadedModel> {
    const url = normalizeEndpoint(model.url);
    this.#model = { ...model, url };
    return {
      id: model.id,
      name: model.name,
      url,
      engine: 'cloud',
      backend: 'remote',
      note: say('runsRemotely', { host: new URL(url).host }),
      threads: 0,
      contextLength: 0,
      sizeBytes: 0,
      fromCache: false,
    };
  }

  async chat(request: ChatRequest, { onChunk, signal, onRetry }: CloudChatOptions = {}): Promise<ChatCompletion> {
    const model = this.#model;
    if (!model) throw new ModelNotLoadedError(say('cloudModelNotChosen'));
    const messages = await inlinePictures(validateChatRequest(request));
    const controller = new AbortController();
    const stopped = () => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', stopped);
    this.#current = controller;

    let content = '';
    const calls: ToolCall[] = [];
    let pieces = 0;
    let finish: FinishReason | null = null;
    let usage: Usage | undefined;
    let id = `chatcmpl-${crypto.randomUUID()}`;
    let created = Math.floor(Date.now() / 1000);
    const sdk = await loadSdk();
    try {
      const key = await this.#keyFor(model.url);
      const client = new sdk({
        apiKey: key ?? 'none',
        baseURL: model.url,
        dangerouslyAllowBrowser: true, // the key is the user's own, entered on their device
        maxRetries: 0, // one bounded retry on 429, ours, below
        logLevel: 'off', // failures are reported once, by us, without request details
        ...(key ? {} : { defaultHeaders: { Authorization: null } }),
      });
      const stream = await this.#open(client, model, { ...request, messages }, controller.signal, onRetry);
      for await (const chunk of stream) {
        id = chunk.id || id;
        created = chunk.created || created;
        if (chunk.usage)
          usage = {
            prompt_tokens: chunk.usage.prompt_tokens,
            completion_tokens: chunk.usage.completion_tokens,
            total_tokens: chunk.usage.total_tokens,
            // OpenAI caches long prompts on its side (1024 tokens and up) and says how much it reused.
            prompt_tokens_details: { cached_tokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0 },
          };
        const choice = chunk.choices[0];
        if (!choice) continue;
        const text = choice.delta?.content ?? '';
        const toolDeltas = choice.delta?.tool_calls?.map((d) => gatherCall(calls, d));
        if (text || toolDeltas?.length) {
          content += text;
          pieces++;
          onChunk?.(
            this.#chunk(id, created, model.id, {
              ...(text ? { content: text } : {}),
              ...(toolDeltas?.length ? { tool_calls: toolDeltas } : {}),
            }),
          );
        }
        if (choice.finish_reason) finish = finishReason(choice.finish_reason);
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        const blocked =
          error instanceof sdk.APIConnectionError && typeof document !== 'undefined' ? await policyBlockError(model.url) : null;
        throw blocked ?? cloudError(error, sdk, { endpoint: model.url, model: model.id, partialContent: content });
      }
    } finally {
      signal?.removeEventListener('abort', stopped);
      if (this.#current === controller) this.#current = null;
    }
    if (controller.signal.aborted) finish = 'abort';
    if (!finish) {
      throw cloudError(new TypeError('the stream ended without a finish reason'), sdk, {
        endpoint: model.url,
        model: model.id,
        partialContent: content,
      });
    }
    return {
      id,
      object: 'chat.completion',
      created,
      model: model.id,
      choices: [
        {
          index: 0,
          message: calls.length ? { role: 'assistant', content: content || null, tool_calls: calls } : { role: 'assistant', content },
          finish_reason: finish,
        },
      ],
      // A stopped stream carries no usage: estimate it (about four characters a token) so the cost is not shown as zero.
      usage: usage ?? estimateUsage(request, pieces),
    };
  }

  async #open(
    client: OpenAI,
    model: CloudModelSpec,
    request: ChatRequest & { messages: ChatMessage[] },
    signal: AbortSignal,
    onRetry: CloudChatOptions['onRetry'],
  ) {
    const body: OpenAI.ChatCompletionCreateParamsStreaming = {
      model: model.id,
      messages: toOpenAI(request.messages),
      stream: true,
      stream_options: { include_usage: true },
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.top_p === undefined ? {} : { top_p: request.top_p }),
      ...(request.max_tokens === undefined ? {} : { max_tokens: request.max_tokens }),
      ...(request.stop === undefined || request.stop.length === 0 ? {} : { stop: request.stop }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      // Structured output and tools are OpenAI's own: sent as given, enforced by the service.
      ...(request.response_format === undefined
        ? {}
        : { response_format: request.response_format as NonNullable<OpenAI.ChatCompletionCreateParams['response_format']> }),
      ...(request.tools === undefined ? {} : { tools: request.tools as OpenAI.ChatCompletionTool[] }),
      ...(request.tool_choice === undefined ? {} : { tool_choice: request.tool_choice }),
      ...(request.parallel_tool_calls === undefined ? {} : { parallel_tool_calls: request.parallel_tool_calls }),
    };
    try {
      return await client.chat.completions.create(body, { signal });
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const code = (error as { code?: unknown }).code;
      if (status !== 429 || code === 'insufficient_quota' || signal.aborted) throw error;
      const seconds = retryAfterSeconds((error as { headers?: Headers }).headers) ?? 1;
      if (seconds > this.#maxWait) throw error;
      onRetry?.(seconds);
      await sleep(seconds, signal);
      return await client.chat.completions.create(body, { signal });
    }
  }

  #chunk(id: string, created: number, model: string, delta: ChatCompletionChunk['choices'][0]['delta']): ChatCompletionChunk {
    return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: null }] };
  }

  async interrupt(): Promise<void> {
    this.#current?.abort();
  }

  async unload(): Promise<void> {
    this.#current?.abort();
    this.#model = null;
  }
}
