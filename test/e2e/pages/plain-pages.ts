/**
 * What the plain static pages of library.spec.ts run, as an integrator's <script type="module"> would:
 * typed against the library's own types here, served to the page as JavaScript (see serve-pages.ts),
 * where `lib` is dist-lib/inpage.js itself.
 */
import type * as InPage from '../../../src/lib/index.ts';
import type { ChatCompletionChunk, ComparedReply, FallbackRequest, RuntimeOptions } from '../../../src/lib/index.ts';

type Lib = typeof InPage;

const say = (e: unknown) => {
  const error = e as { name: string; message: string; code?: string };
  return { name: error.name, code: error.code, message: error.message };
};

/** module.html: streams one reply and returns its text, or the failure in words. */
export async function moduleText(lib: Lib, params: URLSearchParams): Promise<string> {
  try {
    const runtime = lib.createRuntime({
      model: params.get('model') ?? 'auto',
      wasm: (params.get('wasm') ?? undefined) as RuntimeOptions['wasm'],
    });
    let text = '';
    for await (const chunk of await runtime.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }], stream: true }))
      text += chunk.choices[0]?.delta.content ?? '';
    return text;
  } catch (e) {
    const { name, message } = say(e);
    return `failed: ${name}: ${message}`;
  }
}

type Question = FallbackRequest;

/** compare.html: compare() under three consent setups, with what was asked and what each side streamed. */
export function compareRunner(lib: Lib, params: URLSearchParams) {
  const messages = [{ role: 'user' as const, content: 'hi' }];
  /** An onFallback that records each question and gives `answer`. */
  const answering = (questions: Question[], answer: boolean) => async (q: Question) => {
    questions.push(q);
    return answer;
  };
  const setups = {
    yes: (questions: Question[]) => ({ fallback: 'ask' as const, onFallback: answering(questions, true) }),
    no: (questions: Question[]) => ({ fallback: 'ask' as const, onFallback: answering(questions, false) }),
    unasked: () => ({}),
  };
  const plain = (r: ComparedReply) =>
    r.ok ? { ok: true, text: r.completion.choices[0]?.message.content, figures: r.figures } : { ok: false, ...say(r.error) };
  return async (which: keyof typeof setups) => {
    const questions: Question[] = [];
    const runtime = lib.createRuntime({
      model: params.get('model') ?? 'auto',
      cloud: { baseURL: params.get('cloud') ?? '', apiKey: 'sk-compare' },
      ...setups[which](questions),
    });
    const texts = { local: '', cloud: '' };
    const text = (c: ChatCompletionChunk) => c.choices[0]?.delta.content ?? '';
    const result = await runtime.compare(
      { messages, temperature: 0 },
      { local: { onChunk: (c) => (texts.local += text(c)) }, cloud: { onChunk: (c) => (texts.cloud += text(c)) } },
    );
    await runtime.dispose();
    return { questions, streamed: texts, local: plain(result.local), cloud: plain(result.cloud) };
  };
}

/** embed.html: documents added, searched and deleted; and plain embeddings, or the failure. */
export function embedder(lib: Lib, params: URLSearchParams) {
  const embeddingModel = params.get('embed') ?? undefined;
  return {
    async documents(corpus: string[], query: string) {
      const runtime = lib.createRuntime({ embeddingModel });
      try {
        const added = [];
        for (const [i, text] of corpus.entries()) added.push(await runtime.documents.add({ name: `doc${i}.txt`, text }));
        const found = await runtime.documents.search(query, { k: corpus.length });
        if (added[0]) await runtime.documents.delete(added[0].id);
        const left = (await runtime.documents.list()).map((d) => d.name);
        const bad = await runtime.documents
          .add(new File([new Uint8Array([0, 1, 2, 3, 0, 0])], 'x.txt'))
          .catch((e: InPage.DocumentError) => ({ name: e.name, reason: e.details.reason }));
        return { found: found.map((p) => [p.name, p.text]), left, bad, count: (await runtime.documents.list()).length };
      } finally {
        await runtime.dispose();
      }
    },
    /** One document of `text`: its passages as stored (every one, by a search asking for all), or the failure. */
    async indexOne(text: string, query: string) {
      const runtime = lib.createRuntime({ embeddingModel });
      try {
        const added = await runtime.documents.add({ name: 'long.txt', text });
        const found = await runtime.documents.search(query, { k: added.chunks });
        return { chunks: added.chunks, passages: found.map((p) => p.text) };
      } catch (e) {
        return { error: say(e) };
      } finally {
        await runtime.dispose();
      }
    },
    /** Indexes `text` and cancels once the first passages are embedded: the failure, and how many documents it added. */
    async cancelIndexing(text: string) {
      const runtime = lib.createRuntime({ embeddingModel });
      const before = (await runtime.documents.list()).length;
      const controller = new AbortController();
      let embedded = 0;
      try {
        await runtime.documents.add(
          { name: 'long.txt', text },
          {
            signal: controller.signal,
            onProgress: (p) => {
              if (p.phase !== 'embed' || p.done === 0) return;
              embedded = p.done;
              controller.abort();
            },
          },
        );
        return { finished: true, embedded };
      } catch (e) {
        return { error: say(e), embedded, added: (await runtime.documents.list()).length - before };
      } finally {
        await runtime.dispose();
      }
    },
    async embed(input: string[]) {
      const runtime = lib.createRuntime({ embeddingModel, wasm: (params.get('wasm') ?? undefined) as RuntimeOptions['wasm'] });
      try {
        return await runtime.embeddings.create({ input });
      } catch (e) {
        return { error: say(e) };
      } finally {
        await runtime.dispose();
      }
    },
  };
}
