/**
 * The optional cloud: its settings, the key's state, where the next message goes, and consent.
 * Nothing here sends anything; chat.ts asks `mayUseCloud` before every cloud request.
 */
import { effect, signal } from '@preact/signals';
import { decideCloud } from '../runtime/cloud/cloud-decision.ts';
import { CloudEngine } from '../runtime/cloud/cloud-engine.ts';
import { cloudModelSpec, DEFAULT_CLOUD_MODEL, endpointHost, normalizeEndpoint, OPENAI_ENDPOINT } from '../runtime/cloud/endpoint.ts';
import { forgetKeys, keyEndpoint, keyFor, onKeyChange, saveKey } from '../runtime/cloud/key-store.ts';
import type { Passage } from '../runtime/documents/types.ts';
import type { ChatMessage, CloudModelSpec } from '../runtime/engine.ts';
import type { Said } from '../runtime/said.ts';
import { allowHost } from '../runtime/store/allowed-hosts.ts';

/** "When the local model can't run": ask each time, answer from the cloud at once, or never offer it. */
export type CloudPolicy = 'ask' | 'always' | 'never';

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

export const cloudEngine = new CloudEngine({ keyFor });

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
  consented.clear();
  approvedPassages.clear();
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

/** Conversations this tab was allowed to send to the cloud (per endpoint: a new endpoint asks again). */
const consented = new Set<string>();
/** Per conversation, the passages the user has seen listed and agreed to send. */
const approvedPassages = new Map<string, Set<string>>();
const passageKey = (p: Passage) => `${p.documentId}:${p.chunk}`;

export interface ConsentRequest {
  messages: ChatMessage[];
  /** Passages of the user's documents that go with the messages; listed on their own. */
  passages: Passage[];
  host: string;
  model: string;
  /** No key is saved for this endpoint: the dialog asks for one. */
  needsKey: boolean;
  /** The local failure that brought the cloud up, if any. */
  reason: Said | null;
  answer(allowed: boolean): void;
}

/** The consent dialog's question, while one is open. */
export const consentRequest = signal<ConsentRequest | null>(null);

/**
 * Whether `messages` of conversation `id` may go to the cloud now. The dialog shows exactly what will
 * be sent and to whom; the "Use the cloud" setting answers for an automatic fallback, once a key is saved.
 */
export async function mayUseCloud(id: string, messages: ChatMessage[], reason: Said | null, passages: Passage[] = []): Promise<boolean> {
  await refreshKeyState();
  const approved = approvedPassages.get(id);
  const decision = decideCloud({
    policy: cloudSettings.value.policy,
    // A reason means the local model could not answer (an automatic fallback, or the offer under its reply).
    purpose: reason === null ? 'chosen' : 'fallback',
    keySaved: keySaved.value,
    unseenPassages: passages.some((p) => !approved?.has(passageKey(p))),
    agreed: consented.has(id),
    canAsk: true,
  });
  if (decision !== 'ask') return decision === 'send';
  consentRequest.value?.answer(false);
  const allowed = await new Promise<boolean>((resolve) => {
    consentRequest.value = {
      messages,
      passages,
      host: cloudHost(),
      model: cloudSettings.value.model,
      needsKey: !keySaved.value,
      reason,
      answer: (ok) => {
        consentRequest.value = null;
        resolve(ok);
      },
    };
  });
  if (allowed) {
    consented.add(id);
    const seen = approvedPassages.get(id) ?? new Set<string>();
    for (const p of passages) seen.add(passageKey(p));
    approvedPassages.set(id, seen);
  }
  return allowed;
}

void refreshKeyState();
