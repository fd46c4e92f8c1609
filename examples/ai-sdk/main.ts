/**
 * The AI SDK on the model in this page (build it with Vite: `npx vite examples/ai-sdk`, with `ai` and
 * `zod` installed): a streamText chat, generateObject with a zod schema, a tool loop with stopWhen, and
 * embedMany over a few notes. The same calls run on any AI SDK provider; here nothing leaves the device.
 * `?model=` and `?embed=` pick other models (a GGUF or MLC address, or a catalog id).
 */
import { cosineSimilarity, embedMany, generateObject, generateText, type ModelMessage, stepCountIs, streamText, tool } from 'ai';
import { createInPage } from 'inpage/ai-sdk';
import { z } from 'zod';

const params = new URLSearchParams(location.search);
const inpage = createInPage({ model: params.get('model') ?? 'auto', embeddingModel: params.get('embed') ?? undefined });
const model = inpage();

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = (text: string) => {
  $('status').textContent = text;
};
inpage.runtime().on('progress', (p) => status(p.totalBytes ? `${p.phase}: ${Math.round((p.loadedBytes / p.totalBytes) * 100)}%` : p.phase));
inpage.runtime().on('ready', (m) => status(`${m.name} on ${m.engine} (${m.backend})`));
/** Each form reports its failure by name: InPage's errors say what went wrong and what to do. */
const form = (id: string, run: () => Promise<void>) =>
  $<HTMLFormElement>(id).addEventListener('submit', (event) => {
    event.preventDefault();
    run().catch((error: Error) => status(`${error.name}: ${error.message}`));
  });

// A chat: the conversation so far goes with each message, and the reply streams in.
const conversation: ModelMessage[] = [];
form('chat-form', async () => {
  conversation.push({ role: 'user', content: $<HTMLInputElement>('chat-input').value });
  const output = $('chat-output');
  output.textContent = '';
  const result = streamText({ model, messages: conversation, temperature: 0, maxOutputTokens: 256 });
  for await (const piece of result.textStream) output.textContent += piece;
  conversation.push({ role: 'assistant', content: output.textContent ?? '' });
  const inpageMetadata = (await result.providerMetadata)?.inpage;
  status(`Answered by ${String(inpageMetadata?.engine)} in ${(await result.usage).outputTokens} tokens.`);
});

// An object: the schema is enforced while the reply is written, so it always parses.
const person = z.object({
  name: z.string().max(60),
  age: z.number().int().min(0).max(130),
  occupation: z.string().max(60),
});
form('object-form', async () => {
  const { object } = await generateObject({
    model,
    schema: person,
    prompt: `Extract the person: ${$<HTMLInputElement>('object-input').value}`,
    temperature: 0,
  });
  $('object-output').textContent = JSON.stringify(object, null, 2);
});

// A tool loop: the model must look the factor up first, then answers with it; stopWhen bounds the loop.
const FACTORS: Record<string, number> = { km: 1, mi: 1.609344, m: 0.001, ft: 0.0003048 };
const convert = tool({
  description: 'Converts a length between units.',
  inputSchema: z.object({ value: z.number(), from: z.enum(['km', 'mi', 'm', 'ft']), to: z.enum(['km', 'mi', 'm', 'ft']) }),
  execute: async ({ value, from, to }) => {
    const result = (value * (FACTORS[from] as number)) / (FACTORS[to] as number);
    $('tools-log').appendChild(document.createElement('li')).textContent =
      `convert(${JSON.stringify({ value, from, to })}) → ${result.toFixed(3)}`;
    return result;
  },
});
form('tools-form', async () => {
  $('tools-log').replaceChildren();
  const { text, steps } = await generateText({
    model,
    prompt: $<HTMLInputElement>('tools-input').value,
    tools: { convert },
    prepareStep: ({ stepNumber }) => ({ toolChoice: stepNumber === 0 ? 'required' : 'none' }),
    stopWhen: stepCountIs(3),
    temperature: 0,
    maxOutputTokens: 256,
  });
  // A call the tool could not take (its input did not parse, or it threw) is shown, as the model was told.
  for (const part of steps.flatMap((s) => s.content))
    if (part.type === 'tool-error')
      $('tools-log').appendChild(document.createElement('li')).textContent =
        `${part.toolName}(${JSON.stringify(part.input)}) failed: ${part.error instanceof Error ? part.error.message : String(part.error)}`;
  $('tools-output').textContent = text;
});

// Search: the notes and the query become vectors on this device; the nearest notes come first.
$<HTMLTextAreaElement>('embed-notes').value = [
  'Buy milk and eggs',
  'The quick brown fox jumps over the lazy dog',
  'Dentist on Tuesday at 10',
  'Foxes are quick and jump high',
].join('\n');
form('embed-form', async () => {
  const notes = $<HTMLTextAreaElement>('embed-notes')
    .value.split('\n')
    .map((n) => n.trim())
    .filter(Boolean);
  const { embeddings } = await embedMany({ model: inpage.embeddingModel(), values: [$<HTMLInputElement>('embed-query').value, ...notes] });
  const [query, ...vectors] = embeddings;
  const ranked = notes
    .map((note, i) => ({ note, score: cosineSimilarity(query ?? [], vectors[i] ?? []) }))
    .sort((a, b) => b.score - a.score);
  $('embed-output').replaceChildren(
    ...ranked.map(({ note, score }) => Object.assign(document.createElement('li'), { textContent: `${note} (${score.toFixed(2)})` })),
  );
});
