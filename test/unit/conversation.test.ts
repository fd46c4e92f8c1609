import { describe, expect, it } from 'vitest';
import {
  type Conversation,
  ConversationFormatError,
  parseConversation,
  type StoredMessage,
} from '../../src/runtime/page/conversations/conversation.ts';
import { exportJson, exportMarkdown, parseExport } from '../../src/runtime/page/conversations/conversation-file.ts';

const conversation: Conversation = {
  version: 1,
  id: 'c1',
  title: 'Привіт',
  systemPrompt: 'Be brief.',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_100_000,
  messages: [
    { id: 'm1', role: 'user', content: 'Привіт, світ', state: 'done', createdAt: 1_700_000_000_000 },
    {
      id: 'm2',
      role: 'assistant',
      content: 'Hello!',
      state: 'done',
      createdAt: 1_700_000_001_000,
      meta: {
        model: 'tiny.gguf',
        engine: 'llama.cpp',
        finishReason: 'stop',
        usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
        timeToFirstTokenMs: 120,
      },
    },
  ],
};

describe('parseConversation', () => {
  it('accepts a valid conversation and keeps only known fields', () => {
    const withExtras = { ...conversation, extra: 'dropped', messages: conversation.messages.map((m) => ({ ...m, onclick: 'x' })) };
    const parsed = parseConversation(withExtras);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(conversation)));
    expect(parsed).not.toHaveProperty('extra');
    expect(parsed.messages[0]).not.toHaveProperty('onclick');
  });

  it('says where a record is wrong', () => {
    const bad = { ...conversation, messages: [{ ...conversation.messages[0], role: 'admin' }] };
    expect(() => parseConversation(bad)).toThrow(
      new ConversationFormatError('conversation.messages[0].role: expected one of user, assistant'),
    );
    expect(() => parseConversation({ ...conversation, createdAt: -1 })).toThrow('conversation.createdAt: expected a timestamp');
    expect(() => parseConversation([])).toThrow('conversation: expected an object');
  });

  it('keeps what a reply reused from the cache and its prefill time, and checks them', () => {
    const reply = conversation.messages[1] as StoredMessage;
    const meta = { ...reply.meta, usage: { ...reply.meta?.usage, prompt_tokens_details: { cached_tokens: 7 } }, prefillMs: 12.5 };
    const parsed = parseConversation({ ...conversation, messages: [{ ...reply, meta }] });
    expect(parsed.messages[0]?.meta?.usage.prompt_tokens_details).toEqual({ cached_tokens: 7 });
    expect(parsed.messages[0]?.meta?.prefillMs).toBe(12.5);
    const bad = { ...meta, usage: { ...meta.usage, prompt_tokens_details: { cached_tokens: -3 } } };
    expect(() => parseConversation({ ...conversation, messages: [{ ...reply, meta: bad }] })).toThrow(
      'conversation.messages[0].meta.usage.prompt_tokens_details.cached_tokens',
    );
  });

  it('migrates an unversioned (version 0) record', () => {
    const { version: _v, systemPrompt: _s, ...old } = conversation;
    const legacy = { ...old, messages: old.messages.map(({ createdAt: _c, ...m }) => m) };
    const parsed = parseConversation(legacy);
    expect(parsed.version).toBe(1);
    expect(parsed.systemPrompt).toBe('');
    expect(parsed.messages.every((m) => m.createdAt === conversation.createdAt)).toBe(true);
  });

  it('refuses a record from a newer version instead of guessing', () => {
    expect(() => parseConversation({ ...conversation, version: 2 })).toThrow(/version 2 is newer than this app knows/);
  });
});

const cloudReply = {
  id: 'm3',
  role: 'assistant' as const,
  content: 'From far away',
  state: 'error' as const,
  error: 'The connection broke.',
  createdAt: 1_700_000_002_000,
  via: { engine: 'cloud' as const, model: 'gpt-4o-mini', host: 'api.openai.com' },
};

describe('cloud replies', () => {
  it('keep where they were sent and what they cost, through storage and export', () => {
    const priced = {
      ...cloudReply,
      state: 'done' as const,
      error: undefined,
      meta: {
        model: 'gpt-4o-mini',
        engine: 'cloud' as const,
        finishReason: 'stop' as const,
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        costUsd: 0.0000045,
      },
    };
    const withCloud = { ...conversation, messages: [...conversation.messages, cloudReply, priced] };
    expect(parseExport(exportJson([withCloud]))).toEqual(JSON.parse(JSON.stringify([withCloud])));
    expect(exportMarkdown([withCloud])).toContain('**Assistant (gpt-4o-mini, cloud: api.openai.com):**\n\nFrom far away');
  });

  it('refuse a forged source or price', () => {
    const forged = (via: unknown) => ({ ...conversation, messages: [{ ...cloudReply, via }] });
    expect(() => parseConversation(forged({ engine: 'server', model: 'x' }))).toThrow(
      'messages[0].via.engine: expected one of llama.cpp, web-llm, cloud',
    );
    expect(() => parseConversation(forged({ engine: 'cloud', model: 'x', host: 7 }))).toThrow('messages[0].via.host: expected text');
    const negative = {
      ...conversation,
      messages: [{ ...conversation.messages[1], meta: { ...conversation.messages[1]?.meta, costUsd: -1 } }],
    };
    expect(() => parseConversation(negative)).toThrow('messages[0].meta.costUsd: expected a number');
  });
});

describe('compared replies', () => {
  const compared: StoredMessage = {
    id: 'm2',
    role: 'assistant',
    content: 'From far away',
    state: 'done',
    createdAt: 1_700_000_001_000,
    via: { engine: 'cloud', model: 'gpt-4o-mini', host: 'api.openai.com' },
    meta: {
      model: 'gpt-4o-mini',
      engine: 'cloud',
      finishReason: 'stop',
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      costUsd: 0.0000045,
    },
    alternative: {
      content: 'Hello!',
      state: 'done',
      via: { engine: 'llama.cpp', model: 'tiny.gguf' },
      meta: conversation.messages[1]?.meta,
    },
  };
  const withPair = { ...conversation, messages: [conversation.messages[0] as StoredMessage, compared] };

  it('keep the reply not chosen beside the answer, through storage, JSON and Markdown', () => {
    expect(parseExport(exportJson([withPair]))).toEqual(JSON.parse(JSON.stringify([withPair])));
    expect(exportMarkdown([withPair])).toContain(
      '**Assistant (gpt-4o-mini, cloud: api.openai.com):**\n\nFrom far away\n\n**Compared reply (tiny.gguf, llama.cpp):**\n\nHello!',
    );
  });

  it('refuse an alternative on a question, or one that is not a reply', () => {
    const onQuestion = { ...withPair, messages: [{ ...conversation.messages[0], alternative: compared.alternative }] };
    expect(() => parseConversation(onQuestion)).toThrow('messages[0].alternative: only a reply has an alternative');
    const broken = { ...withPair, messages: [{ ...compared, alternative: { content: 'x', state: 'maybe' } }] };
    expect(() => parseConversation(broken)).toThrow('messages[0].alternative.state: expected one of done, stopped, length, error');
    const notText = { ...withPair, messages: [{ ...compared, alternative: { content: 42, state: 'done' } }] };
    expect(() => parseConversation(notText)).toThrow('messages[0].alternative.content: expected text');
  });
});

describe('export and import', () => {
  it('round-trips through JSON, Ukrainian included', () => {
    expect(parseExport(exportJson([conversation]))).toEqual([conversation]);
  });

  it('rejects a whole file when one conversation is bad, or the same id appears twice', () => {
    const file = JSON.parse(exportJson([conversation]));
    file.conversations.push({ ...conversation, id: 'c2', title: 42 });
    expect(() => parseExport(JSON.stringify(file))).toThrow('conversations[1].title: expected text');
    file.conversations[1] = conversation;
    expect(() => parseExport(JSON.stringify(file))).toThrow('the file lists the same conversation twice');
    expect(() => parseExport('{"format":"something-else"}')).toThrow('not an InPage export');
    expect(() => parseExport('<html>')).toThrow('the file is not JSON');
  });

  it('exports Markdown with who said what and which model answered', () => {
    expect(exportMarkdown([conversation])).toBe(
      '# Привіт\n\n_2023-11-14T22:13:20.000Z_\n\n**System prompt:** Be brief.\n\n**You:**\n\nПривіт, світ\n\n**Assistant (tiny.gguf, llama.cpp):**\n\nHello!',
    );
  });
});

describe('pictures', () => {
  // A 1×1 red PNG, whole.
  const RED = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
  const question = conversation.messages[0] as StoredMessage;
  const withPictures = (pictures: unknown, role: 'user' | 'assistant' = 'user') => ({
    ...conversation,
    messages: [{ ...question, role, pictures }],
  });

  it('are kept with their question through storage, JSON and Markdown (named there, not embedded)', () => {
    const c = parseConversation(withPictures([{ url: RED, width: 1, height: 1, exif: 'dropped' }]));
    expect(c.messages[0]?.pictures).toEqual([{ url: RED, width: 1, height: 1 }]);
    expect(parseExport(exportJson([c]))).toEqual([c]);
    expect(exportMarkdown([c])).toContain('**You:**\n\n_[Picture 1, 1 × 1]_\n\nПривіт, світ');
    expect(exportMarkdown([c])).not.toContain('base64');
  });

  it('are refused unless each is a whole picture of the type its URL says, at most 8 to a question', () => {
    const at = 'conversation.messages[0].pictures';
    const bad =
      (pictures: unknown, role: 'user' | 'assistant' = 'user') =>
      () =>
        parseConversation(withPictures(pictures, role));
    expect(bad('a picture')).toThrow(`${at}: expected a list of at most 8 pictures`);
    expect(bad(Array(9).fill({ url: RED, width: 1, height: 1 }))).toThrow(`${at}: expected a list of at most 8 pictures`);
    expect(bad([{ url: 'https://example.org/red.png', width: 1, height: 1 }])).toThrow(`${at}[0].url: expected a list`);
    expect(bad([{ url: 'data:image/svg+xml;base64,PHN2Zz4=', width: 1, height: 1 }])).toThrow(`${at}[0].url: expected a list`);
    expect(bad([{ url: `data:image/png;base64,${btoa('not a picture')}`, width: 1, height: 1 }])).toThrow(
      `${at}[0].url is not a picture InPage can read`,
    );
    expect(bad([{ url: RED.slice(0, -12), width: 1, height: 1 }])).toThrow(`${at}[0].url is cut short`);
    expect(bad([{ url: RED.replace('png', 'jpeg'), width: 1, height: 1 }])).toThrow(`${at}[0].url: expected one of image/png`);
    expect(bad([{ url: RED, width: -1, height: 1 }])).toThrow(`${at}[0].width: expected a whole number`);
    expect(bad([{ url: RED, width: 1, height: 1 }], 'assistant')).toThrow(`${at}: expected one of user`);
    expect(bad([{ url: RED, width: 1, height: 1 }], 'assistant')).toThrow(ConversationFormatError);
  });

  it('read from this app’s own storage, are checked by their URL and size without decoding them again', () => {
    const cut = withPictures([{ url: RED.slice(0, -12), width: 1, height: 1 }]);
    expect(parseConversation(cut, 'conversation', { readPictures: false }).messages[0]?.pictures).toHaveLength(1);
    const web = withPictures([{ url: 'https://example.org/red.png', width: 1, height: 1 }]);
    expect(() => parseConversation(web, 'conversation', { readPictures: false })).toThrow('expected a list of at most 8 pictures');
  });
});
