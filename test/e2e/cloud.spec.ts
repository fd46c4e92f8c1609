/**
 * The optional cloud, in the built app, against the loopback OpenAI-compatible server: consent before
 * the first byte leaves, a visible badge, Stop, each fault, the fallback policy, and where the key goes.
 */
import { SPELLED_TEXT } from '../fixtures/tiny-model.ts';
import { expect, posts, test, testKey } from './fixtures.ts';

const KEY = testKey('inpage-e2e');
const UNREACHABLE_MODEL = 'http://127.0.0.1:9/model.gguf';

test('nothing is sent before consent; declining sends nothing; the cloud reply is marked and priced', async ({ app, cloud }) => {
  const { page } = app;
  cloud.expectedKey = KEY;
  const outside: string[] = [];
  page.on('request', (r) => {
    if (/^https?:/.test(r.url()) && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(r.url())) outside.push(r.url());
  });
  await app.open();
  // The default endpoint is OpenAI's, which needs a key: without one the dialog refuses to send.
  await app.route('cloud');
  await expect(page.getByText('This conversation will be sent to api.openai.com.')).toBeVisible();
  await app.send('my secret plan');
  const dialog = app.consent();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('the messages below go to gpt-4o-mini at api.openai.com');
  await expect(dialog.getByRole('listitem')).toHaveText(['You: my secret plan']);
  await dialog.getByRole('button', { name: 'Send to the cloud' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Enter your API key to send to this service.');
  await dialog.getByRole('button', { name: 'Keep it on this device' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.lastReply()).toContainText('Not sent: you kept this conversation on this device.');
  await expect(page.getByRole('combobox', { name: 'Next message goes to' })).toHaveValue('local');
  expect(outside, 'nothing left for OpenAI').toEqual([]);

  await app.setUpCloud(cloud.baseURL);
  const host = new URL(cloud.baseURL).host;
  await app.route('cloud');
  await expect(page.getByText(`This conversation will be sent to ${host}.`)).toBeVisible();
  await app.send('hello cloud');
  await expect(dialog.getByRole('listitem')).toHaveText(['You: my secret plan', 'You: hello cloud']);
  await expect(dialog).toContainText(`the messages below go to gpt-4o-mini at ${host}`);
  expect(cloud.requests, 'nothing leaves the page while the question is open').toEqual([]);
  await page.getByRole('textbox', { name: /API key for/ }).fill(KEY);
  await dialog.getByRole('button', { name: 'Send to the cloud' }).click();

  expect(await app.finishedReply()).toBe('You said: hello cloud');
  const reply = app.lastReply();
  await expect(reply).toHaveAttribute('data-engine', 'cloud');
  await expect(reply.locator('.badge')).toHaveText(`Cloud · gpt-4o-mini · ${host}`);
  await expect(reply.locator('.meta')).toContainText(/gpt-4o-mini · cloud · 4 tokens · ≈ \$\d/);
  await expect(page.getByText(/^Cloud cost of this conversation: ≈ \$\d/)).toBeVisible();
  const sent = JSON.parse(posts(cloud)[0]?.body ?? '{}');
  expect(sent.model).toBe('gpt-4o-mini');
  expect(sent.messages).toEqual([
    { role: 'user', content: 'my secret plan' },
    { role: 'user', content: 'hello cloud' },
  ]);

  // The conversation was allowed once; the next message goes without asking again.
  await app.send('and again');
  expect(await app.finishedReply()).toBe('You said: and again');
  await expect(dialog).toBeHidden();

  // After a reload the replies are still marked as the cloud's.
  await page.reload();
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /my secret plan/ })
    .click();
  await expect(app.replies().locator('.badge')).toHaveText([`Cloud · gpt-4o-mini · ${host}`, `Cloud · gpt-4o-mini · ${host}`]);
});

test('switching between this device and the cloud keeps the whole history', async ({ app, cloud }) => {
  await app.open();
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  await app.send('first, locally');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.lastReply()).toHaveAttribute('data-engine', 'llama.cpp');

  await app.route('cloud');
  await app.send('now the cloud');
  await expect(app.consent().getByRole('listitem')).toHaveText(['You: first, locally', `Assistant: ${SPELLED_TEXT}`, 'You: now the cloud']);
  await app.consent().getByRole('button', { name: 'Send to the cloud' }).click();
  expect(await app.finishedReply()).toBe('You said: now the cloud');
  expect(JSON.parse(posts(cloud)[0]?.body ?? '{}').messages).toEqual([
    { role: 'user', content: 'first, locally' },
    { role: 'assistant', content: SPELLED_TEXT },
    { role: 'user', content: 'now the cloud' },
  ]);

  await app.route('local');
  await app.send('back on this device');
  expect(await app.finishedReply()).toBe(SPELLED_TEXT);
  await expect(app.lastReply()).toHaveAttribute('data-engine', 'llama.cpp');
  // The local model read the whole conversation, the cloud's reply included: its prompt grew by those tokens.
  const prompts = await app.replies().evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-prompt-tokens'))));
  expect(prompts[2]).toBeGreaterThan(prompts[0] as number);
  expect(posts(cloud)).toHaveLength(1);
});

test('Stop cancels the request: the server sees the disconnect, and the partial reply stays', async ({ app, cloud }) => {
  await app.open();
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  cloud.faults = ['slow'];
  cloud.reply = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
  await app.route('cloud');
  await app.send('a long answer, please');
  await app.consent().getByRole('button', { name: 'Send to the cloud' }).click();
  await expect(app.lastReply()).toContainText('word3');
  await app.stopButton.click();
  const text = await app.finishedReply();
  await expect(app.lastReply()).toHaveAttribute('data-state', 'stopped');
  expect(text).toMatch(/^word0 word1 word2 word3/);
  expect(text.length).toBeLessThan(cloud.reply.length);
  await expect.poll(() => cloud.disconnects).toBe(1);
  await expect(app.lastReply().locator('.badge')).toBeVisible();
});

const FAULTS = [
  ['unauthorized', /rejected the API key \(401\)\. Check the key in Settings → Cloud/, ''],
  ['forbidden', /refused this request \(403\)/, ''],
  ['no-model', /has no model "gpt-4o-mini" for this key \(404\)/, ''],
  ['context', /longer than gpt-4o-mini can read/, ''],
  ['rate-limit-long', /limiting requests from this key \(429\)\. Try again in 60 min/, ''],
  ['quota', /no credit left/, ''],
  ['server-error', /failed on its side \(500\)/, ''],
  ['malformed', /reply stream that is not valid, so it was cut short\. What arrived is kept/, 'You said: fault '],
  ['error-event', /stopped the reply with an error/, 'You said: fault '],
  ['cut', /broke before the reply was finished\. What arrived is kept/, 'You said: fault '],
  ['end-early', /broke before the reply was finished/, 'You said: fault '],
] as const;

test('each fault gives its own message, keeps the question and what arrived, and the next message works', async ({ app, cloud }) => {
  const { page } = app;
  await app.open();
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  await app.route('cloud');
  await app.send('warm up');
  await app.consent().getByRole('button', { name: 'Send to the cloud' }).click();
  expect(await app.finishedReply()).toBe('You said: warm up');

  for (const [fault, message, partial] of FAULTS) {
    cloud.faults = [fault];
    await app.send(`fault ${fault}`);
    const reply = app.lastReply();
    await expect(reply.getByRole('alert'), fault).toHaveText(message);
    expect(await app.finishedReply(), fault).toBe(partial);
    await expect(reply).toHaveAttribute('data-state', 'error');
    await expect(reply).toHaveAccessibleName('Assistant (incomplete)');
    await expect(reply.locator('.badge')).toBeVisible();
    await expect(page.getByRole('article', { name: 'You' }).last()).toHaveAttribute('data-source', `fault ${fault}`);
  }

  // A 429 with a short Retry-After is waited out once, saying so, then answered.
  cloud.faults = ['rate-limit'];
  const before = posts(cloud).length;
  await app.send('limited');
  await expect(app.lastReply().getByRole('status')).toHaveText(/The cloud is limiting requests; trying again in 1 s/);
  expect(await app.finishedReply()).toBe('You said: limited');
  expect(posts(cloud).length - before).toBe(2);
  await expect(app.lastReply().getByRole('status')).toHaveCount(0);
});

test('an unreachable endpoint says so and nothing is lost', async ({ app, cloud }) => {
  await app.open();
  await app.setUpCloud('http://127.0.0.1:9/v1', { key: KEY });
  await app.route('cloud');
  await app.send('anyone there?');
  await app.consent().getByRole('button', { name: 'Send to the cloud' }).click();
  await expect(app.lastReply().getByRole('alert')).toHaveText(/Could not reach 127\.0\.0\.1:9: this device may be offline/);
  await expect(app.page.getByRole('article', { name: 'You' })).toHaveAttribute('data-source', 'anyone there?');
  expect(cloud.requests).toEqual([]);
});

test('when the local model cannot run: "Ask me" offers the cloud and asks, showing why', async ({ app, cloud }) => {
  const { page } = app;
  await app.open(UNREACHABLE_MODEL);
  await app.setUpCloud(cloud.baseURL, { key: KEY });
  await app.send('help me offline');
  const failed = app.lastReply();
  await expect(failed.getByRole('alert')).toContainText('Could not reach 127.0.0.1:9');
  expect(cloud.requests, 'the cloud is only offered, never used unasked').toEqual([]);
  await failed.getByRole('button', { name: `Ask gpt-4o-mini in the cloud (${new URL(cloud.baseURL).host})` }).click();
  await expect(app.consent()).toContainText('The local model could not run: Could not reach 127.0.0.1:9');
  await app.consent().getByRole('button', { name: 'Send to the cloud' }).click();
  expect(await app.finishedReply()).toBe('You said: help me offline');
  await expect(app.replies()).toHaveCount(1); // the failed reply was answered again, not added to
  await expect(app.lastReply()).toHaveAttribute('data-engine', 'cloud');
  await expect(page.getByRole('combobox', { name: 'Next message goes to' })).toHaveValue('cloud');
});

test('"Use the cloud" answers at once, saying why on the reply; "Never" offers no cloud at all', async ({ app, cloud }) => {
  const { page } = app;
  await app.open(UNREACHABLE_MODEL);
  await app.setUpCloud(cloud.baseURL, { key: KEY, policy: 'Use the cloud' });
  await app.send('answer me anyway');
  expect(await app.finishedReply()).toBe('You said: answer me anyway');
  await expect(app.consent()).toHaveCount(0);
  const reply = app.lastReply();
  await expect(reply).toHaveAttribute('data-engine', 'cloud');
  await expect(reply.getByRole('status')).toContainText(
    'The local model could not run (Could not reach 127.0.0.1:9. Check the address and your connection, then try again.), so this reply came from the cloud, as your settings allow.',
  );

  await page.getByRole('button', { name: 'New chat' }).click();
  await app.setUpCloud(cloud.baseURL, { policy: 'Never use the cloud' });
  const before = cloud.requests.length;
  await expect(page.getByRole('combobox', { name: 'Next message goes to' })).toHaveCount(0);
  await expect(page.getByText(/^Next message goes to: This device:/)).toBeVisible();
  await app.send('stay here');
  await expect(app.lastReply().getByRole('alert')).toContainText('Could not reach 127.0.0.1:9');
  await expect(app.lastReply().getByRole('button', { name: /in the cloud/ })).toHaveCount(0);
  expect(cloud.requests.length).toBe(before);
});
