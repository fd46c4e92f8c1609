/**
 * createRuntime() in a TypeScript page (build it with Vite: `npx vite examples/streaming`). The same
 * calls as the OpenAI SDK's, against a model running in this page.
 */
import { createRuntime, InPageError } from 'inpage';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const runtime = createRuntime({ model: 'auto' });
runtime.on('progress', (p) => {
  $('status').textContent = p.totalBytes ? `${p.phase}: ${Math.round((p.loadedBytes / p.totalBytes) * 100)}%` : p.phase;
});
runtime.on('ready', (m) => {
  $('status').textContent = `${m.name} on ${m.engine} (${m.backend})`;
});

let controller: AbortController | null = null;
$('stop').addEventListener('click', () => controller?.abort());
$<HTMLFormElement>('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  controller = new AbortController();
  $('output').textContent = '';
  try {
    const stream = await runtime.chat.completions.create(
      { messages: [{ role: 'user', content: $<HTMLInputElement>('prompt').value }], stream: true },
      { signal: controller.signal },
    );
    for await (const chunk of stream) $('output').textContent += chunk.choices[0]?.delta.content ?? '';
  } catch (error) {
    // Errors are named classes: error.name and instanceof both work.
    $('status').textContent = error instanceof InPageError ? `${error.name}: ${error.message}` : String(error);
  }
});
