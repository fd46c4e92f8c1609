/**
 * response_format with a JSON Schema and tool calling, on the model in this page (build it with Vite:
 * `npx vite examples/structured`). The requests are OpenAI's: the same code runs against GPT-4o-mini.
 * `?model=` picks another model (a GGUF or MLC address, or a catalog id).
 */
import { createRuntime, InPageError, type RequestMessage, type Tool } from 'inpage';
import { CITIES, type City, COLUMNS, type Query, querySchema, runQuery, toSql } from './table.ts';
import { convert, UNITS } from './units.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const runtime = createRuntime({ model: new URLSearchParams(location.search).get('model') ?? 'auto' });
runtime.on('progress', (p) => {
  $('status').textContent = p.totalBytes ? `${p.phase}: ${Math.round((p.loadedBytes / p.totalBytes) * 100)}%` : p.phase;
});
runtime.on('ready', (m) => {
  $('status').textContent = `${m.name} on ${m.engine} (${m.backend})`;
});

function fill(table: HTMLTableElement, rows: readonly Partial<City>[], columns: readonly string[]) {
  table.replaceChildren();
  if (rows.length === 0) table.createCaption().textContent = 'No city matches.';
  const head = table.createTHead().insertRow();
  for (const c of columns) head.appendChild(document.createElement('th')).textContent = c;
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const c of columns) tr.insertCell().textContent = String(row[c as keyof City]);
  }
}
fill($('cities'), CITIES, COLUMNS);

/** Shows a failure by name: errors cross from the engine's worker as their own classes. */
const report = (error: unknown) => {
  $('status').textContent = error instanceof InPageError ? `${error.name}: ${error.message}` : String(error);
};

$<HTMLFormElement>('sql-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const completion = await runtime.chat.completions.create({
      messages: [
        { role: 'system', content: `Turn the question into a query over the table "cities" (columns: ${COLUMNS.join(', ')}).` },
        { role: 'user', content: $<HTMLInputElement>('sql-question').value },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'query', schema: querySchema, strict: true } },
      temperature: 0,
      max_tokens: 300,
    });
    const json = completion.choices[0].message.content ?? '';
    $('sql-json').textContent = json;
    // The schema held while the model wrote, so this parses (unless max_tokens cut it short).
    const query = JSON.parse(json) as Query;
    $('sql-text').textContent = toSql(query);
    fill($('sql-result'), runQuery(query), query.columns);
  } catch (error) {
    report(error);
  }
});

const tools: Tool[] = [
  {
    type: 'function',
    function: {
      name: 'convert',
      description: 'Converts a length from one unit to another.',
      parameters: {
        type: 'object',
        properties: { value: { type: 'number' }, from: { enum: UNITS }, to: { enum: UNITS } },
        required: ['value', 'from', 'to'],
        additionalProperties: false,
      },
    },
  },
];

$<HTMLFormElement>('tool-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const log = $('tool-log');
  log.replaceChildren();
  $('tool-answer').textContent = '';
  const say = (text: string) => {
    log.appendChild(document.createElement('li')).textContent = text;
  };
  const messages: RequestMessage[] = [{ role: 'user', content: $<HTMLInputElement>('tool-question').value }];
  try {
    // 1. The model answers, or calls the function with arguments its schema allows.
    const first = await runtime.chat.completions.create({ messages, tools, tool_choice: 'auto', temperature: 0, max_tokens: 200 });
    const reply = first.choices[0].message;
    messages.push(reply);
    // 2. The page runs each call and gives the result back as a `tool` message.
    for (const call of reply.tool_calls ?? []) {
      const args = JSON.parse(call.function.arguments) as { value: number; from: string; to: string };
      const result = convert(args.value, args.from, args.to);
      say(`${call.function.name}(${call.function.arguments}) → ${result}`);
      messages.push({ role: 'tool', tool_call_id: call.id, content: String(result) });
    }
    if (!reply.tool_calls) {
      $('tool-answer').textContent = reply.content ?? '';
      return;
    }
    // 3. The model answers with the results in front of it (in words: no more calls this turn).
    const stream = await runtime.chat.completions.create({
      messages,
      tools,
      tool_choice: 'none',
      temperature: 0,
      max_tokens: 200,
      stream: true,
    });
    for await (const chunk of stream) $('tool-answer').textContent += chunk.choices[0]?.delta.content ?? '';
  } catch (error) {
    report(error);
  }
});
