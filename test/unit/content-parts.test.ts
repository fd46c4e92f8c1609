/** Messages given as content parts: checked once for every engine, refused by name where the engine cannot see, sent to the cloud as OpenAI takes them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/runtime/page/engines/cloud/cloud-engine.ts';
import type { ChatRequest, ContentPart } from '../../src/runtime/shared/engine.ts';
import { InvalidRequestError, UnsupportedFeatureError } from '../../src/runtime/shared/errors/errors.ts';
import { localPictures } from '../../src/runtime/shared/request/content-parts.ts';
import { validateChatRequest } from '../../src/runtime/shared/request/validate-request.ts';
import { forWebLLM, seesPictures } from '../../src/runtime/worker/engines/web-llm/webllm-pictures.ts';
import type { TemplateMessage } from '../../src/runtime/worker/structured/tool-protocol.ts';
import { LOW_DETAIL_IMAGE_TOKENS, type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';

// A 1×1 red PNG.
const RED = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const picture = (url: string, detail?: 'low' | 'high'): ContentPart => ({
  type: 'image_url',
  image_url: detail ? { url, detail } : { url },
});
const ask = (content: ContentPart[], role: 'user' | 'system' = 'user'): ChatRequest => ({
  messages:
    role === 'user'
      ? [{ role, content }]
      : [
          { role, content },
          { role: 'user', content: 'hi' },
        ],
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('content parts', () => {
  it('text parts become the message text; a message with a picture keeps its parts in order', () => {
    expect(
      validateChatRequest(
        ask([
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ]),
      ),
    ).toEqual([{ role: 'user', content: 'one\ntwo' }]);
    const parts: ContentPart[] = [{ type: 'text', text: 'what colour?' }, picture(RED, 'low')];
    expect(validateChatRequest(ask(parts))).toEqual([{ role: 'user', content: 'what colour?', parts }]);
  });

  it('a malformed part is named with its place and what to give instead', () => {
    const cases: [ContentPart[], 'user' | 'system', RegExp][] = [
      [[picture(RED)], 'system', /Message 1, part 1 is a picture in a system message: only user messages carry pictures/],
      [[{ type: 'image_url', image_url: { url: RED, detail: 'huge' as 'low' } }], 'user', /detail "huge" is not one of auto, low or high/],
      [[picture('ftp://example.org/a.png')], 'user', /Message 1, part 1 is a picture at a ftp: address; give it as a data: or blob: URL/],
      [[picture('data:text/plain;base64,aGk=')], 'user', /part 1 is not a picture InPage can read: it reads PNG, JPEG, GIF and WebP/],
      [
        [picture('data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%3E%3C%2Fsvg%3E')],
        'user',
        /part 1 is an SVG, a document that can run script/,
      ],
      [[picture(RED.slice(0, -12))], 'user', /part 1 is cut short: the file ends before the picture does/],
      [[{ type: 'input_audio' } as unknown as ContentPart], 'user', /part 1 is of type "input_audio"; use \{type: "text", text\}/],
      [[], 'user', /Message 1 has an empty list of content parts/],
    ];
    for (const [parts, role, message] of cases) {
      const error = thrown(() => validateChatRequest(ask(parts, role)));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toMatch(message);
    }
  });

  it("a picture is known by its bytes: a PNG declared as anything else is sent as a PNG, and the caller's request is left as it was", () => {
    const given = picture(RED.replace('image/png', 'application/octet-stream'));
    const request = ask([given]);
    expect(validateChatRequest(request)[0]?.parts).toEqual([picture(RED)]);
    expect(request.messages[0]?.content).toEqual([given]);
  });

  it('an engine that cannot see refuses a picture by name, before anything runs; text alone passes', async () => {
    const messages = validateChatRequest(ask([{ type: 'text', text: 'what is this?' }, picture(RED)]));
    const error = (await rejection(
      localPictures(messages, { engine: 'llama.cpp', model: 'tiny.gguf', sees: false }),
    )) as UnsupportedFeatureError;
    expect(error).toBeInstanceOf(UnsupportedFeatureError);
    expect(error.message).toBe(
      'tiny.gguf on llama.cpp cannot see pictures (image input), so it was not asked. Choose a model that sees, or send this request to the cloud model.',
    );
    expect(error.details).toEqual({ feature: 'image input', engine: 'llama.cpp', model: 'tiny.gguf', nextSteps: ['vision', 'cloud'] });
    expect(error.said?.key).toBe('imageInput');
    const text = validateChatRequest(ask([{ type: 'text', text: 'hi' }]));
    expect(await localPictures(text, { engine: 'web-llm', model: 'Phi-3', sees: false })).toBe(text);
  });

  it('a local engine that sees never fetches a picture from the web, and gets data: pictures as they were', async () => {
    const seeing = { engine: 'llama.cpp', model: 'a vision model', sees: true };
    const messages = validateChatRequest(ask([picture('https://example.org/cat.jpg')]));
    const error = await rejection(localPictures(messages, seeing));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toMatch(/^A picture at example\.org would be fetched from the web/);
    const red = validateChatRequest(ask([picture(RED)]));
    expect(await localPictures(red, seeing)).toEqual(red);
  });
});

describe('pictures for web-llm', () => {
  it('a Phi-3.5-vision config sees; pictures go as data: URLs without the detail web-llm refuses, text as it was', async () => {
    expect([{ model_type: 'phi3_v' }, { model_type: 'phi3' }, {}].map(seesPictures)).toEqual([true, false, false]);
    const messages = validateChatRequest({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'what colour?' }, picture(RED, 'low')] },
      ],
    });
    expect(forWebLLM(messages as TemplateMessage[])).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what colour?' },
          { type: 'image_url', image_url: { url: RED } },
        ],
      },
    ]);
  });
});

describe('pictures in the cloud', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('reach the server as OpenAI takes them, and the usage counts them', async () => {
    const engine = new CloudEngine({ keyFor: async () => 'sk-unit-pictures' });
    server.expectedKey = 'sk-unit-pictures';
    await engine.load({ engine: 'cloud', id: 'gpt-4o-mini', name: 'GPT-4o mini', url: `${server.baseURL}/` });
    const parts: ContentPart[] = [{ type: 'text', text: 'what colour?' }, picture(RED, 'low')];
    const result = await engine.chat({ messages: [{ role: 'user', content: parts }] });
    expect(result.choices[0]?.message.content).toBe('You said: what colour?');
    const body = JSON.parse(server.requests.find((r) => r.method === 'POST')?.body ?? '{}');
    expect(body.messages).toEqual([{ role: 'user', content: parts }]);
    expect(result.usage.prompt_tokens).toBe(2 + LOW_DETAIL_IMAGE_TOKENS + 4);
  });
});
