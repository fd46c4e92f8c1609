/** Every string the UI shows, in English. uk.ts must provide the same keys (the type checks it). */
import type { ErrorCode } from '../../runtime/errors.ts';
import { describeReason } from '../../runtime/probe.ts';

export const en = {
  locale: 'en',
  languageName: 'English',
  appName: 'InPage',
  skipToComposer: 'Skip to the message box',

  // First run and empty conversation
  welcomeTitle: 'A language model that runs in this page',
  welcome: (model: string, size: string) =>
    `The first time, InPage downloads ${model} (${size}) once and keeps it in this browser; after that it runs on your device, even offline. Nothing you type leaves this page.`,
  welcomeStart: 'Type a message to start; the model loads then.',

  // Status line
  statusIdle: (model: string, size: string) => `${model}${size} loads when you send a message, or press Load.`,
  about: 'about ',
  chosenForDevice: (why: string) => `(Chosen for this device: ${why}.)`,
  preparing: (model: string) => `Preparing ${model}…`,
  startingLlama: (model: string) => `Starting llama.cpp with ${model}…`,
  readingFromBrowser: (model: string) => `Reading ${model} from this browser…`,
  uploadingToGpu: (model: string) => `Loading ${model} onto the GPU`,
  downloading: (model: string) => `Downloading ${model}`,
  ofBytes: (total: string) => ` of ${total}`,
  fileOf: (done: number, total: number) => ` · file ${done} of ${total}`,
  timeLeft: (time: string) => ` · about ${time} left`,
  speed: (rate: string) => ` · ${rate}/s`,
  cancel: 'Cancel',
  prepareOffline: 'Prepare for offline',
  evicted: (names: string) =>
    `The browser cleared ${names} from this site's storage, probably to free space. It downloads again when you use it.`,
  evictedPersist: 'Persistent storage (asked for after a download) keeps this from happening.',
  dismiss: 'Dismiss',
  updateAvailable: 'A new version of InPage is ready.',
  updateReload: 'Reload to update',
  buildInfo: (build: string) => `InPage ${build}`,
  progressLabel: 'Model load progress',
  cpuThreads: (n: number) => `CPU, ${n} ${n === 1 ? 'thread' : 'threads'}`,
  fromStorage: "loaded from this browser's storage",
  downloadedAndSaved: 'downloaded and saved in this browser',

  // Why a model was chosen: the runtime's own English wording.
  reason: describeReason,

  // Errors: engines explain failures in English, so English needs no heading; other languages add one per kind.
  errorTitle: (_code: ErrorCode | undefined): string => '',

  // Alternatives offered on failure
  altReload: 'Load it again',
  altCpu: 'Use the CPU engine',
  altVariant: 'Use the q4f32 variant',
  altSmaller: 'Use a smaller model',
  altReloadPage: 'Reload the page',
  altCloud: (model: string, host: string) => `Ask ${model} in the cloud (${host})`,

  // Conversations
  conversations: 'Conversations',
  newChat: 'New chat',
  searchConversations: 'Search conversations',
  noConversations: 'No saved conversations yet.',
  noMatches: 'No conversation matches.',
  untitled: 'New conversation',
  rename: 'Rename',
  renameTo: (title: string) => `Rename "${title}"`,
  deleteConversation: (title: string) => `Delete "${title}"`,
  confirmDeleteConversation: (title: string) => `Delete "${title}"? This cannot be undone.`,
  exportJson: 'Export JSON',
  exportMarkdown: 'Export Markdown',
  exportConversation: (title: string, format: string) => `Export ${format}: "${title}"`,
  exportAllJson: 'Export all (JSON)',
  exportAllMarkdown: 'Export all (Markdown)',
  importJson: 'Import JSON…',
  imported: (n: number) =>
    n === 0
      ? 'Nothing new to import: those conversations are already here.'
      : `Imported ${n} ${n === 1 ? 'conversation' : 'conversations'}.`,
  importFailed: (why: string) => `That file was not imported: ${why}. Nothing was changed.`,
  unreadable: (n: number) =>
    `${n} saved ${n === 1 ? 'conversation' : 'conversations'} could not be read (damaged, or from a newer InPage) and ${n === 1 ? 'is' : 'are'} kept as they are.`,
  saveFailed: (why: string) => `Could not save this conversation: ${why} It stays in this tab; export it to keep a copy.`,
  retrySave: 'Try saving again',
  systemPrompt: 'System prompt for this conversation',
  showConversations: 'Conversations',

  // Messages
  you: 'You',
  assistant: 'Assistant',
  conversationLabel: 'Conversation',
  stateStopped: 'Stopped',
  stateLength: 'Cut off at the max tokens limit',
  stateError: 'Incomplete',
  copy: 'Copy',
  copied: 'Copied',
  edit: 'Edit',
  saveAndSend: 'Save and send',
  regenerate: 'Regenerate',
  deleteMessage: 'Delete',
  messageActions: (author: string) => `Actions for this message from ${author}`,
  editMessage: 'Edit your message',
  tokens: (n: number) => `${n} tokens`,
  prefillRate: (rate: string) => `prefill ${rate} tokens/s`,
  decodeRate: (rate: string) => `${rate} tokens/s`,
  firstToken: (ms: number) => `first token after ${ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`}`,
  droppedMessages: (n: number) => `${n} earlier ${n === 1 ? 'message was' : 'messages were'} left out to fit the model's context window.`,
  codeLanguage: (lang: string) => lang || 'code',
  copyCode: 'Copy code',
  imageNotLoaded: (alt: string, url: string) => `[Image not loaded${alt ? `: ${alt}` : ''} — ${url}]`,

  // Composer
  messageLabel: 'Message',
  messagePlaceholder: 'Message (Enter to send, Shift+Enter for a new line, Esc to stop, Up to edit the last one)',
  send: 'Send',
  stop: 'Stop',
  tokenHint:
    'Text in languages other than English takes more tokens (two to three times as many for Ukrainian), so less of it fits in the context.',

  // Models panel
  models: 'Models',
  modelsTitle: 'Models',
  close: 'Close',
  recommended: 'recommended for this device',
  chosenBecause: (why: string) => `Chosen for this device: ${why}.`,
  engine: 'Engine',
  downloadSize: 'Download',
  memoryNeed: 'Memory',
  context: 'Context',
  stored: 'In this browser',
  storedAll: 'Downloaded',
  storedPart: (part: string) => `${part} downloaded`,
  notStored: 'Not downloaded',
  use: 'Use',
  useModel: (name: string) => `Load ${name}`,
  inUse: 'Selected',
  download: 'Download',
  downloadModel: (name: string) => `Download ${name} without loading it`,
  deleteModel: (name: string) => `Delete ${name}`,
  modelByAddress: 'A model by address',
  modelUrl: 'Model URL',
  modelLibrary: 'Model library (MLC models only)',
  load: 'Load',
  storedModels: 'Models stored in this browser',
  storedModelsList: 'Stored models',
  noStoredModels: 'None yet. A model is stored the first time it loads.',
  incomplete: 'incomplete',
  usedByVariants: (n: number) => `used by ${n} variants`,
  deleteAll: 'Delete all',
  inAll: (size: string) => `${size} in all.`,
  storage: 'Storage',
  storageUse: (used: string, quota: string) => `InPage uses ${used} of the ${quota} this browser allows it.`,
  storageUnknown: 'This browser does not say how much it lets InPage store.',
  persistent: 'Stored models are kept: the browser will not clear them to free space.',
  notPersistent: 'The browser may clear stored models when space runs low (it did not grant persistent storage).',
  downloadFinished: (name: string) => `${name} is downloaded and ready to use offline.`,

  // Settings
  settings: 'Settings',
  settingsTitle: 'Settings',
  language: 'Language',
  defaultSystemPrompt: 'System prompt for new conversations',
  generation: 'Generation',
  temperature: 'Temperature',
  topP: 'Top-p',
  maxTokens: 'Max tokens',
  stopSequences: 'Stop sequences (one per line)',
  boundsHint: (min: number, max: number) => `from ${min} to ${max}`,

  // The cloud: settings
  cloudSection: 'Cloud (optional)',
  cloudExplain:
    'InPage answers on this device. With your own API key it can ask a cloud model instead: only when you allow it, and every cloud reply is marked.',
  cloudPolicy: "When the local model can't run",
  policyAsk: 'Ask me',
  policyAlways: 'Use the cloud',
  policyNever: 'Never use the cloud',
  cloudEndpoint: 'Endpoint (OpenAI-compatible base URL)',
  cloudEndpointHint: 'Changing it forgets the saved key: a key is only ever sent to the endpoint it was entered for.',
  saveEndpoint: 'Save endpoint',
  endpointSaved: 'Endpoint saved.',
  cloudModel: 'Cloud model',
  apiKey: 'API key',
  apiKeyHint: 'Kept in this browser only, and sent only to this endpoint, in the Authorization header.',
  saveKey: 'Save key',
  keySavedFor: (host: string) => `A key is saved for ${host}.`,
  noKeySaved: 'No key is saved.',
  forgetKey: 'Forget key',

  // The cloud: where the next message goes, consent, replies
  nextGoesTo: 'Next message goes to',
  routeLocal: (model: string) => `This device: ${model}`,
  routeCloud: (model: string, host: string) => `Cloud: ${model} at ${host}`,
  routeCloudWarning: (host: string) => `This conversation will be sent to ${host}.`,
  consentTitle: 'Send this conversation to the cloud?',
  consentIntro: (model: string, host: string) =>
    `So far this conversation has stayed on this device. If you continue, the messages below go to ${model} at ${host}, under that service's terms.`,
  consentReason: (reason: string) => `The local model could not run: ${reason}`,
  consentMessages: (n: number) => `What will be sent (${n} ${n === 1 ? 'message' : 'messages'})`,
  consentKey: (host: string) => `API key for ${host}`,
  consentKeyOptional: 'Leave it empty if your server needs no key.',
  consentKeyRequired: 'Enter your API key to send to this service.',
  consentSend: 'Send to the cloud',
  consentKeep: 'Keep it on this device',
  systemRole: 'System prompt',
  cloudBadge: (model: string, host: string) => `Cloud · ${model} · ${host}`,
  fallbackNotice: (reason: string) =>
    `The local model could not run (${reason}), so this reply came from the cloud, as your settings allow.`,
  retryNotice: (seconds: number) => `The cloud is limiting requests; trying again in ${Math.ceil(seconds)} s…`,
  cost: (usd: string) => `≈ $${usd}`,
  conversationCost: (usd: string) => `Cloud cost of this conversation: ≈ $${usd}`,
};

export type Messages = typeof en;
