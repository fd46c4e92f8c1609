/**
 * A ChatTransport for the AI SDK's useChat: each turn is answered in this page by streamText on an
 * InPage model (its tools run here), and, where the runtime's fallback policy and the user's consent
 * allow, by the cloud. The assistant message's metadata says which (`metadata.inpage.engine`).
 */
import {
  type ChatTransport,
  convertToModelMessages,
  type StopCondition,
  streamText,
  type ToolSet,
  type UIMessage,
  type UIMessageChunk,
} from 'ai';
import type { InPageLanguageModel } from './language-model.ts';

export interface InPageChatTransportOptions<TOOLS extends ToolSet> {
  model: InPageLanguageModel;
  /** The system message every turn starts with. */
  instructions?: string | undefined;
  /** Tools the model may call; their `execute` runs in this page. */
  tools?: TOOLS | undefined;
  /** When a tool loop ends (the AI SDK's default: after one step). */
  stopWhen?: StopCondition<NoInfer<TOOLS>> | StopCondition<NoInfer<TOOLS>>[] | undefined;
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
}

export class InPageChatTransport<TOOLS extends ToolSet = ToolSet, UI_MESSAGE extends UIMessage = UIMessage>
  implements ChatTransport<UI_MESSAGE>
{
  private readonly options: InPageChatTransportOptions<TOOLS>;

  constructor(options: InPageChatTransportOptions<TOOLS>) {
    this.options = options;
  }

  async sendMessages({
    messages,
    abortSignal,
  }: Parameters<ChatTransport<UI_MESSAGE>['sendMessages']>[0]): Promise<ReadableStream<UIMessageChunk>> {
    const { model, instructions, tools, stopWhen, temperature, maxOutputTokens } = this.options;
    /** Who answered the last step: this device's engine or the cloud, from the model's provider metadata. */
    let source: unknown;
    const result = streamText({
      model,
      messages: await convertToModelMessages(messages, tools ? { tools } : {}),
      ...(instructions ? { instructions } : {}),
      ...(tools ? { tools } : {}),
      ...(stopWhen ? { stopWhen } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
      ...(abortSignal ? { abortSignal } : {}),
      onStepEnd: (step) => {
        source = step.providerMetadata?.inpage ?? source;
      },
    });
    return result.toUIMessageStream({
      // Said to the page as InPage says it (the AI SDK's default hides it): it is this page's own, and says what to do.
      onError: (error) => (error instanceof Error ? error.message : String(error)),
      messageMetadata: ({ part }) => (part.type === 'finish' && source ? ({ inpage: source } as never) : undefined),
    });
  }

  /** Nothing to reconnect to: the reply is written in this page, and ends with it. */
  async reconnectToStream(): Promise<ReadableStream<UIMessageChunk> | null> {
    return null;
  }
}
