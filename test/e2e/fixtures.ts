/** Playwright fixtures: a model server per worker, and `app`, which drives the built app the way a user does. */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { type ModelServer, startModelServer } from '../fixtures/model-server.ts';
import { type OpenAIServer, startOpenAIServer } from '../fixtures/openai-server.ts';
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { readStore } from './indexeddb.ts';

export { expect };

/** The chat requests a loopback OpenAI server received. */
export const posts = (server: OpenAIServer) => server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions');

/** A made-up API key, unique per run, that a test can search for everywhere it must not be (storage, logs, files). */
export const testKey = (purpose: string): string => `sk-${purpose}-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

export class App {
  readonly page: Page;
  readonly models: ModelServer;
  readonly status: Locator;
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;

  constructor(page: Page, models: ModelServer) {
    this.page = page;
    this.models = models;
    // The status line is role=status, or role=alert when it reports a failure.
    this.status = page.locator('.status-line');
    this.input = page.getByRole('textbox', { name: 'Message' });
    this.sendButton = page.getByRole('button', { name: 'Send' });
    this.stopButton = page.getByRole('button', { name: 'Stop' });
  }

  /** Opens the app with `?model=` pointing at a route of the model server (or any URL). */
  async open(model: string = '/tiny.gguf', query = ''): Promise<void> {
    const url = model.startsWith('/') ? this.models.url(model) : model;
    await this.page.goto(`/?model=${encodeURIComponent(url)}${query}`);
  }

  async ready(): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', 'ready');
  }

  async send(text: string): Promise<void> {
    await this.input.fill(text);
    await this.sendButton.click();
  }

  replies(): Locator {
    return this.page.getByRole('log', { name: 'Conversation' }).getByRole('article', { name: /^Assistant/ });
  }

  lastReply(): Locator {
    return this.replies().last();
  }

  /** Sends "hi" and expects the tiny model's exact reply. */
  async answersExactly(): Promise<void> {
    await this.send('hi');
    expect(await this.finishedReply()).toBe(SPELLED_TEXT);
  }

  /** The dialog that asks before anything goes to the cloud. */
  consent(): Locator {
    return this.page.getByRole('dialog', { name: 'Send this conversation to the cloud?' });
  }

  /** Waits for the last reply to finish (any way) and returns the model's text as generated (before Markdown rendering); `timeout` for long prompts. */
  async finishedReply(timeout?: number): Promise<string> {
    const reply = this.lastReply();
    await expect(reply).not.toHaveAttribute('data-state', 'streaming', timeout ? { timeout } : {});
    await expect(reply).toHaveAttribute('data-source');
    return (await reply.getAttribute('data-source')) ?? '';
  }

  /** Opens a dialog from the header (Models or Settings). */
  async openPanel(name: 'Models' | 'Settings'): Promise<void> {
    await this.page.getByRole('button', { name, exact: true }).click();
    await expect(this.page.getByRole('dialog', { name })).toBeVisible();
  }

  async closePanel(): Promise<void> {
    await this.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(this.page.getByRole('dialog')).toHaveCount(0);
  }

  /** Sets generation settings through the Settings panel. */
  async settings(values: {
    temperature?: number;
    maxTokens?: number;
    stop?: string;
    reuse?: boolean;
    json?: boolean;
    schema?: string;
  }): Promise<void> {
    await this.openPanel('Settings');
    const dialog = this.page.getByRole('dialog', { name: 'Settings' });
    const set = async (name: string, value: string) => {
      const field = dialog.getByRole('spinbutton', { name });
      await field.fill(value);
      await field.blur();
    };
    if (values.temperature !== undefined) await set('Temperature', String(values.temperature));
    if (values.maxTokens !== undefined) await set('Max tokens', String(values.maxTokens));
    if (values.stop !== undefined) await dialog.getByRole('textbox', { name: 'Stop sequences (one per line)' }).fill(values.stop);
    if (values.reuse !== undefined) await dialog.getByRole('checkbox', { name: /Reuse the previous turn/ }).setChecked(values.reuse);
    if (values.json !== undefined) await dialog.getByRole('checkbox', { name: 'Reply in JSON' }).setChecked(values.json);
    if (values.schema !== undefined) await dialog.getByRole('textbox', { name: 'JSON Schema for replies (optional)' }).fill(values.schema);
    await this.closePanel();
  }

  /** Loads a model by address through the Models panel, as a user pasting a link would. */
  async loadByAddress(url: string, lib = ''): Promise<void> {
    await this.openPanel('Models');
    const dialog = this.page.getByRole('dialog', { name: 'Models' });
    await dialog.getByRole('textbox', { name: 'Model URL' }).fill(url);
    if (lib) await dialog.getByRole('textbox', { name: 'Model library (MLC models only)' }).fill(lib);
    await dialog.getByRole('button', { name: 'Load', exact: true }).click();
    await this.closePanel();
  }

  /** Points the cloud at `endpoint` through Settings; saves `key` when given, and sets the policy. */
  async setUpCloud(
    endpoint: string,
    { key, policy }: { key?: string; policy?: 'Ask me' | 'Use the cloud' | 'Never use the cloud' } = {},
  ): Promise<void> {
    await this.openPanel('Settings');
    const dialog = this.page.getByRole('dialog', { name: 'Settings' });
    if (policy) await dialog.getByRole('radio', { name: policy, exact: true }).check();
    if (policy !== 'Never use the cloud') {
      await dialog.getByRole('textbox', { name: 'Endpoint (OpenAI-compatible base URL)' }).fill(endpoint);
      await dialog.getByRole('button', { name: 'Save endpoint' }).click();
      await expect(dialog.getByText('Endpoint saved.')).toBeVisible();
      if (key) {
        await dialog.getByLabel('API key').fill(key);
        await dialog.getByRole('button', { name: 'Save key' }).click();
        await expect(dialog.getByText(`A key is saved for ${new URL(endpoint).host}.`)).toBeVisible();
      }
    }
    await this.closePanel();
  }

  /** The composer's "Next message goes to" choice. */
  async route(to: 'local' | 'cloud'): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Next message goes to' }).selectOption(to);
  }

  /** Starts recording every distinct text the newest reply shows (as rendered), as the DOM changes. */
  async recordReplyText(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { replyTexts: string[] }).replyTexts = seen;
      const log = document.querySelector('[role=log]') as Element;
      new MutationObserver(() => {
        const text = [...log.querySelectorAll('article.assistant .content')].at(-1)?.textContent?.trim();
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(log, { subtree: true, childList: true, characterData: true });
    });
  }

  recordedReplyText(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { replyTexts: string[] }).replyTexts);
  }

  /** Records (file entries and chunks) in the app's model store; a failed or cancelled download must leave none. */
  async storedRecords(): Promise<number> {
    const keys = await Promise.all(['files', 'chunks'].map((store) => readStore(this.page, 'inpage-models', store, { keys: true })));
    return keys.reduce((sum: number, k) => sum + (k as unknown[]).length, 0);
  }
}

/** Hosts a test may reach: this computer only, and a real web-llm model's host when one is given to test against. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '127.0.0.2', '[::1]']);
const GIVEN_HOSTS = new Set(
  [
    process.env.INPAGE_WEBLLM_MODEL_URL,
    process.env.INPAGE_WEBLLM_MODEL_LIB,
    process.env.INPAGE_WEBLLM_VISION_URL,
    process.env.INPAGE_WEBLLM_VISION_LIB,
  ].flatMap((url) => (url ? [new URL(url).origin] : [])),
);

/** Whether a request goes anywhere but this computer (data:, blob: and the like go nowhere). */
export function offsite(url: string): boolean {
  const { protocol, hostname, origin } = new URL(url);
  if (!/^(https?|wss?):$/.test(protocol)) return false;
  return !LOOPBACK.has(hostname) && !GIVEN_HOSTS.has(origin);
}

export const test = base.extend<{ app: App; cloud: OpenAIServer; offsiteRequests: string[] }, { models: ModelServer }>({
  // Every test, whatever it drives: a request from the page, its workers or its service worker to another host fails the test.
  offsiteRequests: [
    async ({ context }, use) => {
      const seen: string[] = [];
      context.on('request', (request) => {
        if (offsite(request.url())) seen.push(`${request.method()} ${request.url()}`);
      });
      await use(seen);
      expect(seen, 'requests to hosts other than this computer').toEqual([]);
    },
    { auto: true },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  cloud: async ({}, use) => {
    const server = await startOpenAIServer();
    await use(server);
    await server.close();
  },
  models: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const server = await startModelServer(process.env.TINY_MODEL_PATH as string, process.env.XSS_MODEL_PATH);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ page, models }, use) => {
    models.reset(); // the server is shared by the worker's tests; each test sees its own requests
    const uncaught: string[] = [];
    page.on('pageerror', (error) => uncaught.push(error.message));
    await use(new App(page, models));
    expect(uncaught, 'errors nobody caught in the page').toEqual([]);
  },
});
