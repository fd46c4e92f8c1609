/**
 * The optional cloud: its settings, the key's state, where the next message goes, and the consent
 * dialog's question. Nothing here sends anything: the session's cloud route (runtime/session) decides
 * and sends, asking through `askInDialog`.
 */
import { effect, signal } from '@preact/signals';
import type { CloudSetup, ConsentQuestion } from '../runtime/index.ts';
import {
  cloudModelSpec,
  DEFAULT_CLOUD_MODEL,
  endpointHost,
  normalizeEndpoint,
  OPENAI_ENDPOINT,
} from '../runtime/page/engines/cloud/endpoint.ts';
import { forgetKeys, keyEndpoint, keyFor, onKeyChange, saveKey } from '../runtime/page/engines/cloud/key-store.ts';
import type { CloudPolicy } from '../runtime/page/session/cloud-decision.ts';
import type { CloudModelSpec } from '../runtime/shared/engine.ts';
import { allowHost } from '../runtime/shared/store/allowed-hosts.ts';

/** "When the local model can't run": the decision table's setting (ask each time, answer from the cloud at once, or never offer it). */
export type { CloudPolicy };

export interface CloudSettings {
  endpoint: string;
  model: string;
  policy: CloudPolicy;
}

const DEFAULTS: CloudSettings = { endpoint: OPENAI_ENDPOINT, model: DEFAULT_CLOUD_MODEL, policy: 'ask' };
const STORAGE_KEY = 'inpage:cloud';
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('inpage-cloud');

/** Settings as saved (or as another tab sent them), checked field by field; what is damaged falls back to the default. */
function parse(value: unknown): CloudSettings {
  const saved = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof CloudSettings, unknown>>;
  let endpoint = DEFAULTS.endpoint;
  try {
    if (typeof saved.endpoint === 'string') endpoint = normalizeEndpoint(saved.endpoint);
  } catch {
    // A damaged value falls back to the default endpoint, for which no key is saved.
  }
  return {
    endpoint,
    model: typeof saved.model === 'string' && saved.model.trim() ? saved.model.trim() : DEFAULTS.model,
    policy: saved.policy === 'always' || saved.policy === 'never' ? saved.policy : 'ask',
  };
}

function load(): CloudSettings {
  try {
    return parse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}'));
  } catch {
    return { ...DEFAULTS };
  }
}

export const cloudSettings = signal<CloudSettings>(load());
/** Whether a key is saved for the current endpoint; the key itself never leaves key-store and the engine. */
export const keySaved = signal(false);
/** Where the next message goes. */
export const route = signal<'local' | 'cloud'>('local');

effect(() => {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(cloudSettings.value));
  } catch {
    // Blocked storage: the settings last for this tab.
  }
});

export async function refreshKeyState(): Promise<void> {
  try {
    keySaved.value = (await keyEndpoint()) === cloudSettings.value.endpoint;
  } catch {
    keySaved.value = false;
  }
}

// Another tab changed the settings or the key: follow it, so a forgotten key is forgotten everywhere.
// The settings travel in the message: another tab's view of localStorage can lag behind the message.
channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Anything but settings (an older tab's bare "changed") falls back to what localStorage says.
  const sent = event.data;
  cloudSettings.value = sent && typeof sent === 'object' && 'endpoint' in sent ? parse(sent) : load();
  if (cloudSettings.value.policy === 'never') route.value = 'local';
  void refreshKeyState();
});
const announce = () => channel?.postMessage(cloudSettings.value);
// A key saved or forgotten elsewhere (another tab, or a widget on this site).
onKeyChange(() => void refreshKeyState());

export function cloudModel(): CloudModelSpec {
  const { endpoint, model } = cloudSettings.value;
  return cloudModelSpec(endpoint, model);
}

export function cloudHost(): string {
  return endpointHost(cloudSettings.value.endpoint);
}

/** Saves the endpoint; a different endpoint drops the saved key, which was given for the old one only. */
export async function setEndpoint(input: string): Promise<void> {
  const endpoint = normalizeEndpoint(input);
  if (endpoint === cloudSettings.value.endpoint) return;
  await forgetKeys();
  await allowHost(endpoint);
  cloudSettings.value = { ...cloudSettings.value, endpoint };
  endpointChanges.value++;
  await refreshKeyState();
  announce();
}

export function setCloudModel(model: string): void {
  const name = model.trim();
  if (!name) return;
  cloudSettings.value = { ...cloudSettings.value, model: name };
  announce();
}

export function setPolicy(policy: CloudPolicy): void {
  cloudSettings.value = { ...cloudSettings.value, policy };
  if (policy === 'never') route.value = 'local';
  announce();
}

export async function saveCloudKey(key: string): Promise<void> {
  const trimmed = key.trim();
  if (!trimmed) return;
  await saveKey(cloudSettings.value.endpoint, trimmed);
  await refreshKeyState();
  announce();
}

/** Forgets the key in this browser and in every open tab. */
export async function forgetCloudKey(): Promise<void> {
  await forgetKeys();
  await refreshKeyState();
  announce();
}

/** Bumped when the endpoint changes: what conversations agreed to is forgotten, and a new endpoint asks again. */
export const endpointChanges = signal(0);

/** The session's question (shown by the consent dialog, or by Compare's for a comparison) and its answer. */
export interface ConsentRequest extends ConsentQuestion {
  answer(allowed: boolean): void;
}

/** The consent dialog's question, while one is open. */
export const consentRequest = signal<ConsentRequest | null>(null);

/** Opens the consent dialog with exactly what would be sent and to whom; a stop closes it with a no. */
function askInDialog(question: ConsentQuestion, signal: AbortSignal | undefined): Promise<boolean> {
  consentRequest.value?.answer(false);
  return new Promise<boolean>((resolve) => {
    const request: ConsentRequest = {
      ...question,
      answer: (ok) => {
        if (consentRequest.value === request) consentRequest.value = null;
        resolve(ok);
      },
    };
    consentRequest.value = request;
    signal?.addEventListener('abort', () => request.answer(false), { once: true });
  });
}

/** The app's cloud for the session: the saved endpoint, model, policy and key, and the dialog as the way to ask. */
export const cloudRouteOptions: CloudSetup = {
  keyFor,
  spec: cloudModel,
  policy: () => cloudSettings.value.policy,
  // A failed reply offers the cloud under it ("Ask me"), rather than asking at once.
  offers: true,
  async keySaved() {
    await refreshKeyState();
    return keySaved.value;
  },
  ask: askInDialog,
};

void refreshKeyState();
