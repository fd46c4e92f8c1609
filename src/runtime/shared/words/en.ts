/**
 * Everything the runtime says to a person, in English, keyed. Errors, notes and reasons carry a key
 * and its parameters across the worker boundary; the app words them in the user's language (see
 * src/ui/i18n/uk-words.ts), and the library shows these English sentences. A data table: one entry per sentence.
 */
import { formatBytes } from '../bytes.ts';

const b = formatBytes;
const gb = (megabytes: number) => `${(megabytes / 1024).toFixed(1)} GB`;
const orNone = (reason: string) => reason || 'no reason given';
const wait = (seconds: number) => (seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`);

/** A parameter that is itself said (a reason inside a reason): its key travels, and it reaches a dictionary worded in the same language. */
export type Worded = string & { readonly worded: unique symbol };

/** Why the engine's worker stopped. */
export type WorkerStop = 'script' | 'unreadable-message' | 'no-start' | 'version' | 'ended';
/** What a failed web address was meant to be. */
export type AddressOf = 'folder' | 'gguf' | 'library';
/** What a request asked a local engine to enforce, as error messages name it. */
export type EnforcedFeature = 'tools' | 'JSON mode' | 'a JSON Schema';
/** What an MLC model's JSON file is. */
export type MlcFile = 'config' | 'tensor-cache';
/** What is wrong in an imported conversation file; `word` is the number, list or version named. */
export type FileFault =
  | 'object'
  | 'text'
  | 'too-long'
  | 'timestamp'
  | 'whole'
  | 'number'
  | 'one-of'
  | 'passages'
  | 'alternative'
  | 'no-migration'
  | 'newer'
  | 'list'
  | 'too-many'
  | 'pictures';
/** What was being stored when storage failed. */
export type StoredThing = 'model' | 'conversation' | 'key' | 'document';
/** What to use instead of a JSON Schema keyword a local engine cannot guarantee. */
export type SchemaAdvice = 'none' | 'oneOf' | 'allOf' | 'pattern' | 'bound' | 'format' | 'remoteRef';
/** Why a JSON Schema is malformed; `word` is the keyword or value named. */
export type SchemaFault = 'ref-nowhere' | 'not-object' | 'not-type' | 'enum' | 'required' | 'properties' | 'whole' | 'list' | 'map' | 'ref';

const OUTCOME = { download: 'nothing was downloaded', index: 'nothing of it was indexed', attach: 'it was not attached' };
const ADDRESS: Record<AddressOf, string> = { folder: 'the model folder', gguf: 'a .gguf file', library: 'the model library (.wasm)' };
const STORED: Record<StoredThing, string> = { model: 'models', conversation: 'conversations', key: 'keys', document: 'documents' };
const STOPPED: Record<WorkerStop, (detail: string, page: string) => string> = {
  script: (detail) => detail || 'its script failed to run',
  'unreadable-message': () => 'a message could not be read',
  'no-start': () => 'it did not start',
  version: (detail, page) => `it is version ${detail} and this page is ${page}: reload the page`,
  ended: () => 'its worker ended',
};
const ADVICE: Record<SchemaAdvice, string> = {
  none: '',
  oneOf: ': use anyOf (the engine can guarantee "at least one", not "exactly one")',
  allOf: ': merge the schemas into one',
  pattern: ': use enum, format or minLength/maxLength',
  bound: ': bound an integer instead',
  format: ': the formats enforced are date, time, date-time, uuid',
  remoteRef: ': only references inside the schema ("#/$defs/…") are resolved',
};
const FAULT: Record<SchemaFault, (word: string) => string> = {
  'ref-nowhere': (word) => `"${word}" points at nothing`,
  'not-object': () => 'a schema is an object (or true/false)',
  'not-type': (word) => `"${word}" is not a JSON type`,
  enum: () => 'enum is a non-empty list',
  required: () => 'required is a list of property names',
  properties: () => 'properties maps names to schemas',
  whole: (word) => `${word} is a whole number`,
  list: (word) => `${word} is a non-empty list of schemas`,
  map: (word) => `${word} maps names to schemas`,
  ref: () => '$ref is a string',
};

const FILE_FAULT: Record<FileFault, (word: string) => string> = {
  object: () => 'expected an object',
  text: () => 'expected text',
  'too-long': (word) => `text longer than ${word} characters`,
  timestamp: () => 'expected a timestamp',
  whole: () => 'expected a whole number',
  number: () => 'expected a number',
  'one-of': (word) => `expected one of ${word}`,
  passages: () => 'expected a list of at most 100 passages',
  alternative: () => 'only a reply has an alternative',
  'no-migration': (word) => `no migration from version ${word}`,
  newer: (word) => `version ${word} is newer than this app knows; update InPage`,
  list: () => 'expected a list',
  'too-many': (word) => `more than ${word} messages`,
  pictures: (word) => `expected a list of at most ${word} pictures, each a base64 data: URL with its width and height`,
};

export const EN = {
  /** An error with no key (a bug, or a library's own words), shown as it was thrown. */
  plain: (p: { text: string }) => p.text,

  cancelled: () => 'Cancelled.',
  loadingCancelled: () => 'Loading cancelled.',
  downloadCancelled: () => 'Download cancelled.',
  embeddingCancelled: () => 'Embedding cancelled.',
  stopped: () => 'Stopped.',
  indexingCancelled: (p: { name: string }) => `Indexing ${p.name} was cancelled; nothing of it was kept.`,

  workerStopped: (p: { why: WorkerStop; detail: string; page: string }) =>
    `The model engine stopped (${STOPPED[p.why](p.detail, p.page)}). Send your message again to restart it; the model reloads from this browser's storage.`,
  noModelLoaded: () => 'No model is loaded. Load a model, then send your message again.',
  noEmbeddingModelLoaded: () => 'No embedding model is loaded.',
  cloudModelNotChosen: () => 'Choose the cloud model in Settings before sending to it.',

  notAnAddress: (p: { text: string; what: AddressOf }) =>
    `"${p.text}" is not a web address. Paste the full link to ${ADDRESS[p.what]}, starting with https://`,
  httpOnly: (p: { protocol: string }) => `Models load over http(s) only; "${p.protocol}" links are not supported.`,
  folderNotModel: (p: { url: string }) =>
    `${p.url} is a folder. For a GGUF model, link the .gguf file; for an MLC model, add &lib=<address of its .wasm library>.`,
  policyIpv6: (p: { host: string }) =>
    `This page's security policy cannot allow connections to ${p.host}: a policy can name host names and IPv4 addresses, not IPv6 addresses. Serve the file under a host name (such as localhost) or from this site, then try again.`,
  policyReload: (p: { host: string }) =>
    `This page's security policy does not allow connections to ${p.host} yet. InPage has added it to the hosts you chose: reload the page, then try again. (That needs InPage's service worker; where a server sets the policy, the host must be added there.)`,

  httpNotFound: (p: { url: string; status: number }) =>
    `There is no model at ${p.url} (HTTP ${p.status}). Check the address, or pick a model from the list.`,
  httpRefused: (p: { host: string; name: string; status: number }) =>
    `${p.host} refused access to ${p.name} (HTTP ${p.status}). The model may be private or gated: use a public link.`,
  httpRateLimited: (p: { host: string }) => `${p.host} is rate-limiting downloads (HTTP 429). Wait a minute, then try again.`,
  httpStatus: (p: { host: string; status: number; name: string }) =>
    `${p.host} answered HTTP ${p.status} for ${p.name}. Try again later, or use another address.`,
  unreachable: (p: { host: string }) => `Could not reach ${p.host}. Check the address and your connection, then try again.`,
  brokeOff: (p: { host: string; received: number; total: number | null }) =>
    `The download from ${p.host} broke off after ${b(p.received)}${p.total ? ` of ${b(p.total)}` : ''}. Check your connection and try again.`,
  noData: (p: { host: string; url: string }) => `${p.host} sent no data for ${p.url}. Try again.`,

  serverIncomplete: (p: { name: string; total: number; need: number }) =>
    `${p.name} on the server is incomplete: it is ${b(p.total)} but its header describes ${b(p.need)}. Use a complete copy of the file.`,
  endsEarly: (p: { name: string; received: number; need: number }) =>
    `${p.name} ends early: it has ${b(p.received)} of the ${b(p.need)} its header describes. Use a complete copy of the file.`,
  sizeMismatch: (p: { name: string; received: number; expected: number }) =>
    `${p.name} is ${b(p.received)}, not the expected ${b(p.expected)}: the server has a different file.`,
  integrity: (p: { name: string; host: string; what: 'sha256' | 'size' }) =>
    `${p.name} from ${p.host} does not match its published ${p.what === 'sha256' ? 'checksum (sha256)' : 'size'}, twice, so it was not kept. The file on the server may be damaged or replaced: try again later, or use another copy.`,
  outOfRoomKept: (p: { name: string; received: number; kept: number }) =>
    `This browser ran out of room for ${p.name} after ${b(p.received)}. The ${b(p.kept)} downloaded so far are kept: free up disk space or delete other models, then load it again to continue from there.`,
  notReadBack: (p: { name: string }) => `${p.name} was downloaded but could not be read back from this browser's storage. Try again.`,
  needsRoom: (p: { name: string; need: number; free: number; deletable: number; outcome: 'download' | 'index' | 'attach' }) =>
    `${p.name} needs ${b(p.need)}, but this browser lets InPage store only ${b(p.free)} more, so ${OUTCOME[p.outcome]}. ${
      p.deletable > 0
        ? `Other models stored here take ${b(p.deletable)}: delete the ones you no longer need (Models), or free up disk space, then try again.`
        : 'Free up disk space, then try again.'
    }`,
  storageFull: () => "The browser's storage is full. Free up disk space or delete a downloaded model, then try again.",
  outOfRoomModel: (p: { saved: number }) =>
    `This browser ran out of room for the model${p.saved > 0 ? ` after ${b(p.saved)}` : ''}, so nothing of it was kept. Free up disk space or delete other downloaded models, then try again.`,
  storageBroken: (p: { stored: StoredThing }) =>
    `This browser's storage is not working for InPage. Private windows and blocked site data prevent saving ${STORED[p.stored]}; allow site data for this page, or reload and try again.`,
  nothingToRepair: () => 'That model is no longer stored in this browser, so there is nothing to repair. Load it to download it again.',

  webPage: (p: { name: string }) =>
    `${p.name} is a web page, not a model file. Use the file's direct download link (on Hugging Face: …/resolve/main/<file>.gguf).`,
  jsonNotModel: (p: { name: string }) => `${p.name} is JSON, not a model file. The CPU engine needs a .gguf file made for llama.cpp.`,
  notGguf: (p: { name: string }) =>
    `${p.name} is not a GGUF model (it does not start with the GGUF signature). The CPU engine needs a .gguf file made for llama.cpp.`,
  damagedGguf: (p: { name: string; reason: string }) =>
    `${p.name} is a damaged GGUF file (${p.reason}). Download it again or use another file.`,
  headerTruncated: (p: { name: string; received: number }) =>
    `${p.name} ends after ${b(p.received)}, inside its header: the file on the server is incomplete.`,
  headerTooLarge: (p: { name: string }) => `${p.name} has an implausibly large header; it is probably damaged.`,
  wasmBuildMissing: (p: { build: string }) =>
    `llama.cpp's ${p.build} WebAssembly build is missing from this page: pass its files to the runtime.`,
  wasmMemory: (p: { name: string; bytes: number }) =>
    `${p.name} (${b(p.bytes)}) is too large for llama.cpp in the browser: its weights and working memory do not fit in WebAssembly's 4 GB. Choose a smaller model or quantization, or use WebGPU.`,
  loadOutOfMemory: (p: { name: string }) =>
    `${p.name} needs more memory than this browser gives the page. Close other tabs, or choose a smaller model.`,
  notProjector: (p: { name: string; arch: string }) =>
    `${p.name} is not a multimodal projector: its architecture is "${p.arch}", where a projector's is "clip". Give the model's mmproj file as the projector.`,
  architecture: (p: { name: string; arch: string }) =>
    `${p.name} uses the "${p.arch}" architecture, which this version of llama.cpp cannot run.`,
  llamaLoadFailed: (p: { name: string; reason: string }) =>
    `llama.cpp could not load ${p.name}: ${orNone(p.reason)}. The file may be damaged or in a format this version does not support.`,
  cannotEnforce: (p: { feature: EnforcedFeature; model: string; reason: string }) =>
    `llama.cpp cannot enforce ${p.feature} with ${p.model} (${p.reason}). Trying again will not help: send this request to the cloud model, or choose another model.`,
  samplingRefused: (p: { model: string; reason: string }) =>
    `llama.cpp refused this request's sampling settings for ${p.model}: ${p.reason}. Change them and send again.`,
  contextFull: (p: { model: string; contextLength: number }) =>
    `The conversation is longer than the ${p.contextLength}-token context window of ${p.model}. Start a new conversation or delete earlier messages.`,
  answerOutOfMemory: (p: { model: string }) =>
    `${p.model} ran out of memory while answering. Close other tabs or start a shorter conversation.`,
  llamaStopped: (p: { reason: string }) =>
    `llama.cpp stopped working (${orNone(p.reason)}). The model will be loaded again with your next message.`,
  llamaAnswerFailed: (p: { reason: string }) =>
    `llama.cpp failed while answering: ${orNone(p.reason)}. Try again; if it keeps failing, reload the model.`,
  emptyConversation: () => 'The conversation is empty: add a message to send.',
  noUserMessage: () => 'The conversation has no user message to answer.',
  temperatureRange: (p: { value: string }) => `Temperature must be between 0 and 2 (got ${p.value}).`,
  topPRange: (p: { value: string }) => `Top-p must be above 0 and at most 1 (got ${p.value}).`,
  maxTokensRange: (p: { value: string }) => `Max tokens must be a whole number of at least 1 (got ${p.value}).`,
  tooManyStops: (p: { count: number }) => `At most 4 stop sequences are allowed (got ${p.count}).`,
  emptyStop: () => 'Stop sequences must be non-empty text.',
  seedWhole: (p: { value: string }) => `Seed must be a whole number (got ${p.value}).`,
  kvNeedsFlash: () => 'A q8_0 KV cache needs flash attention: set flash_attn to true, or cache_type to "f16".',

  embedTooLong: (p: { index: number; contextLength: number; name: string }) =>
    `input[${p.index}] is longer than the ${p.contextLength} tokens ${p.name} reads at once. Split it into shorter texts.`,
  embedInputTooLong: (p: { contextLength: number; name: string }) =>
    `An input is longer than the ${p.contextLength} tokens ${p.name} reads at once. Split it into shorter texts.`,
  notOnnx: (p: { name: string }) =>
    `${p.name} is not an ONNX model (it does not start as an ONNX file does). Use the .onnx file's direct download link (on Hugging Face: …/resolve/main/onnx/model_quantized.onnx).`,
  onnxWebPage: (p: { name: string }) =>
    `${p.name} is a web page, not the model's file. Use the .onnx file's direct download link (on Hugging Face: …/resolve/main/onnx/model_quantized.onnx, not …/blob/…).`,
  notTokenizerJson: (p: { name: string }) =>
    `${p.name} is not a tokenizer.json file. An ONNX embedding model needs the tokenizer.json from its repository's top folder, beside the onnx/ folder.`,
  tokenizerKind: (p: { name: string; kind: string }) =>
    `${p.name} uses a ${p.kind} tokenizer; InPage reads WordPiece (BERT-family) tokenizers for ONNX embedding models. Use a BERT-family model (BGE, GTE, MiniLM, Arctic embed), or its GGUF file.`,
  onnxUnreadable: (p: { name: string; reason: string }) =>
    `ONNX Runtime could not open ${p.name}: ${orNone(p.reason)}. The file may be damaged (delete it under Models and load it again) or made for a newer ONNX Runtime.`,
  onnxNoOutput: (p: { name: string }) =>
    `${p.name} gives no token vectors (no last_hidden_state output). Use a feature-extraction export of the model (Hugging Face Optimum or transformers.js).`,
  onnxEngineUnreachable: (p: { status: number }) =>
    `ONNX Runtime's files could not be fetched from this site (${p.status ? `HTTP ${p.status}` : 'no connection'}). Connect once to index documents with this model; after that it works offline.`,
  onnxEngineFailed: (p: { reason: string }) =>
    `ONNX Runtime could not start in this browser (${orNone(p.reason)}). Embed with the GGUF file on llama.cpp instead: ?embed=bge-small-en-v1.5-f32-gguf, or embeddingModel: 'bge-small-en-v1.5-f32-gguf' in the library.`,
  onnxEngineMissing: () =>
    'This build of InPage does not include ONNX Runtime, so it cannot run ONNX embedding models. Use a GGUF embedding model instead.',
  embedFailed: (p: { name: string; index: number; reason: string }) => `${p.name} could not embed input[${p.index}]: ${orNone(p.reason)}.`,
  notGgufModel: (p: { name: string }) => `${p.name} is not a GGUF model.`,
  notWebllmModel: (p: { name: string }) => `${p.name} is not a web-llm model.`,
  notEmbeddingModel: (p: { name: string }) => `${p.name} makes no embeddings: pick an embedding model.`,
  inputNotText: () => 'input: each item must be text.',
  noEmbedding: (p: { index: number }) => `input[${p.index}]: the model gave no embedding.`,
  noTextToIndex: (p: { name: string }) => `${p.name} has no text to index.`,
  otherEmbeddingModel: (p: { name: string; model: string }) =>
    `${p.name} was indexed with another embedding model (${p.model}). Delete it and attach it again.`,

  noWebGPU: (p: { adapter: boolean }) =>
    `This browser cannot run the WebGPU engine (${p.adapter ? 'no GPU adapter' : 'no WebGPU'}). Use the CPU engine or the cloud.`,
  gpuFeature: (p: { name: string; feature: string }) =>
    `Your GPU lacks a feature ${p.name} needs (${p.feature}). Choose the q4f32 variant, or use the CPU engine.`,
  deviceLost: () =>
    'The GPU stopped working (this usually means it ran out of memory). Load the model again, choose a smaller variant, or use the CPU engine or the cloud.',
  messageTooLong: (p: { name: string }) =>
    `Your message is too long for ${p.name}'s context window. Shorten it, or start a new conversation.`,
  mlcChecksum: (p: { name: string }) =>
    `A file of ${p.name} does not match its published checksum. Delete the model and download it again.`,
  mlcLibrary: (p: { name: string; reason: string }) =>
    `The model library for ${p.name} could not be loaded (${p.reason}). It must be the library built for this model and web-llm 0.2.86. You can run a model on the CPU engine instead, or use the cloud.`,
  mlcOutOfRoom: () => 'This browser ran out of room for the model. Free up disk space or delete other downloaded models, then try again.',
  mlcPartMissing: (p: { name: string; reason: string }) =>
    `Part of ${p.name} could not be downloaded (${p.reason}). Check your connection and try again.`,
  webllmAnswerFailed: (p: { reason: string }) =>
    `web-llm failed while answering: ${p.reason}. Try again; if it keeps failing, load the model again.`,
  webllmLoadFailed: (p: { name: string; reason: string }) => `web-llm could not load ${p.name}: ${p.reason}.`,
  mlcNotJson: (p: { name: string; file: string; webPage: boolean }) =>
    `${p.name} is not an MLC model: its ${p.file} is not valid JSON${p.webPage ? ' (the server sent a web page)' : ''}. Check the model address.`,
  mlcNoTokenizer: (p: { name: string }) => `${p.name} lists no tokenizer web-llm can read (tokenizer.json or tokenizer.model).`,
  mlcNoWeights: (p: { name: string }) => `${p.name}'s tensor-cache.json lists no weight files.`,
  mlcShardSize: (p: { file: string; name: string; received: number; expected: number }) =>
    `${p.file} of ${p.name} is ${b(p.received)}, but the model's manifest says ${b(p.expected)}. The mirror serves a different file.`,

  cloudUnreachable: (p: { host: string }) =>
    `Could not reach ${p.host}: this device may be offline, or the endpoint is wrong or does not accept requests from this page (CORS). Nothing was sent to the model.`,
  cloudStreamError: (p: { host: string; reason: string }) =>
    `${p.host} stopped the reply with an error: ${p.reason}. What arrived is kept; regenerate to try again.`,
  cloudBadKey: (p: { host: string }) => `${p.host} rejected the API key (401). Check the key in Settings → Cloud, or enter a new one.`,
  cloudForbidden: (p: { host: string; reason: string; model: string }) =>
    `${p.host} refused this request (403): ${p.reason}. The key may lack access to ${p.model}, or the service is not offered where you are.`,
  cloudNoModel: (p: { host: string; model: string }) =>
    `${p.host} has no model "${p.model}" for this key (404). Check the model name and endpoint in Settings → Cloud.`,
  cloudNoCredit: (p: { host: string }) =>
    `The account behind this key has no credit left at ${p.host} (429). Add credit there, or use the local model.`,
  cloudRateLimited: (p: { host: string; retryAfterSeconds: number | null }) =>
    `${p.host} is limiting requests from this key (429). ${p.retryAfterSeconds === null ? 'Wait a moment' : `Try again in ${wait(p.retryAfterSeconds)}`}, or use the local model.`,
  cloudFailed: (p: { host: string; status: number }) =>
    `${p.host} failed on its side (${p.status}). Try again in a moment, or use the local model.`,
  cloudTooLong: (p: { model: string }) =>
    `This conversation is longer than ${p.model} can read. Start a new conversation, or delete earlier messages.`,
  cloudRefused: (p: { host: string; status: number; reason: string }) => `${p.host} refused the request (${p.status}): ${p.reason}`,
  cloudBadStream: (p: { host: string }) =>
    `${p.host} sent a reply stream that is not valid, so it was cut short. What arrived is kept; regenerate to try again.`,
  cloudCut: (p: { host: string }) =>
    `The connection to ${p.host} broke before the reply was finished. What arrived is kept; regenerate to try again.`,
  endpointNotAddress: (p: { text: string; example: string }) =>
    `"${p.text}" is not a web address. Enter the API's base URL, such as ${p.example}`,
  endpointHttps: () =>
    'The endpoint must use https:// (plain http:// is allowed only for localhost), so the key and the conversation are encrypted on the way.',
  endpointCredentials: () => 'Put the API key in the key field, not in the address: addresses end up in logs and history.',
  endpointQuery: () => 'The endpoint is a base URL: remove the "?" or "#" part.',
  keptLocal: () => 'Not sent: you kept this conversation on this device. Ask again to have the local model answer.',
  cloudNotSetUp: () => 'No cloud model is set up, so nothing was sent.',
  cloudNever: (p: { host: string }) => `Not sent: the cloud is set never to be used, so nothing goes to ${p.host}.`,
  cloudNotAsked: (p: { host: string }) =>
    `Not sent: nothing goes to ${p.host} without a yes, and there was no way to ask (give createRuntime an onFallback that shows what would be sent).`,

  fileFault: (p: { path: string; fault: FileFault; word: string }) => `${p.path}: ${FILE_FAULT[p.fault](p.word)}`,
  fileTooLarge: () => 'The file is larger than 100 MB; it is not an InPage export.',
  localModelNotLoaded: () => 'The local model did not load.',
  fileNotJson: () => 'the file is not JSON',
  fileNotExport: () => 'the file is not an InPage export (its "format" is missing or different)',
  fileDuplicate: () => 'the file lists the same conversation twice',

  // Notes: why a backend, a build or a model was chosen, for the status line.
  layersOnGpu: (p: { n: number; of: number }) => `${p.n} of ${p.of} layers on the GPU`,
  someLayersOnGpu: () => 'layers on the GPU',
  cpuKeptLayers: () => 'llama.cpp kept every layer on the CPU',
  cpuAskedFor: () => 'the CPU was asked for',
  // Why a model was chosen for this device (the probe), and why one is not offered here.
  reasonNoWebgpuEngine: (p: { problem: Worded }) => `no WebGPU engine: ${p.problem}`,
  reasonF16: () => 'your GPU has shader-f16 → q4f16 variant',
  reasonNoF16: () => 'your GPU has no shader-f16 → q4f32 variant',
  reasonTightMemory: (p: { budgetMB: number }) => `memory is tight (about ${gb(p.budgetMB)} for this page) → 1k-context variant`,
  reasonGpuTooSmall: (p: { family: string; needMB: number; budgetMB: number }) =>
    `${p.family} needs ${gb(p.needMB)} of GPU memory; this device can give a page about ${gb(p.budgetMB)}`,
  reasonCpu: () => 'runs on the CPU with llama.cpp',
  reasonCpuTooSmall: (p: { family: string; needMB: number; budgetMB: number }) =>
    `${p.family} on the CPU needs ${gb(p.needMB)}; this device can give a page about ${gb(p.budgetMB)}`,
  reasonInstead: (p: { family: string }) => `using ${p.family} instead`,
  reasonNothingFits: () => 'even the smallest model may not fit this device',
  reasonNeedsF16: (p: { model: string }) => `${p.model} needs shader-f16, which this GPU lacks`,
  reasonWebgpuOnly: (p: { model: string; problem: Worded }) =>
    `${p.model} runs only on WebGPU, as it does not fit WebAssembly's 4 GB, and here ${p.problem}`,
  weightsOnGpu: (p: { quant: string; vendor: string }) => `${p.quant} weights on ${p.vendor || 'the GPU'}`,
  runsRemotely: (p: { host: string }) => `runs on ${p.host}, not on this device`,
  noWebGPUHere: () => 'this browser has no WebGPU',
  noWebGPUShort: () => 'no WebGPU',
  noAdapter: () => 'no WebGPU adapter (the GPU is disabled or blocklisted)',
  adapterFailed: (p: { reason: string }) => `the WebGPU adapter request failed (${p.reason})`,
  noF16ForLlama: (p: { software: boolean }) =>
    `${p.software ? 'the software adapter' : 'the GPU'} lacks shader-f16, which llama.cpp's WebGPU backend needs`,
  f16ForLlama: () => 'the GPU supports shader-f16',
  workgroupMemory: (p: { kib: number }) => `this browser's WebGPU offers ${p.kib} KiB of workgroup memory; web-llm needs 32 KiB`,
  bufferBinding: (p: { mb: number }) => `this GPU binds at most ${p.mb} MB per buffer; web-llm's models need 128 MB`,
  badWasmChoice: (p: { where: string; value: string; choices: string }) =>
    `${p.where} is ${p.value}, which is not a llama.cpp build: use ${p.choices}.`,
  wasmAskedFor: () => 'asked for',
  wasmHasAll: () => 'this browser has JSPI and Memory64',
  wasmLacks: (p: { jspi: boolean; memory64: boolean }) =>
    `this browser lacks ${[p.jspi ? null : 'JSPI', p.memory64 ? null : 'Memory64'].filter(Boolean).join(' and ')}`,

  documentBinary: (p: { name: string }) =>
    `${p.name} is not text: its bytes look like a program, an image or an archive, perhaps renamed. Attach a .txt, .md, .html or .pdf file.`,
  documentKind: (p: { name: string }) =>
    `${p.name}: InPage reads .txt, .md, .html and .pdf files. Save it as one of those and attach it again.`,
  documentEmpty: (p: { name: string }) => `${p.name} is empty (0 bytes): there is nothing in it to read.`,
  documentTooLarge: (p: { name: string; bytes: number; limit: number }) =>
    `${p.name} is ${b(p.bytes)}; InPage reads documents up to ${b(p.limit)}. Split it, or keep only the part you need.`,
  documentFakePdf: (p: { name: string }) => `${p.name} is named .pdf but is not a PDF. Attach the real file.`,
  documentScanned: (p: { name: string }) =>
    `${p.name} has no text layer: its pages are images (a scan?). InPage does not read images; run it through OCR, then attach the result.`,
  documentNoText: (p: { name: string }) => `${p.name} has no text in it.`,
  documentPassword: (p: { name: string }) =>
    `${p.name} is protected by a password, so InPage cannot read it. Save an unprotected copy and attach that.`,
  documentBadPdf: (p: { name: string; reason: string }) => `${p.name} is not a PDF that can be read (${p.reason}).`,

  schemaInvalid: (p: { path: string; fault: SchemaFault; word: string }) =>
    `${p.path} is not a valid JSON Schema: ${FAULT[p.fault](p.word)}.`,
  schemaUnsupported: (p: { engine: string; feature: string; where: string; path: string; advice: SchemaAdvice }) =>
    `${p.engine} cannot guarantee the JSON Schema feature "${p.feature}" (at ${p.where}${p.path || ' (root)'})${ADVICE[p.advice]}. Remove it, or send this request to the cloud model.`,
  schemaRefNowhere: (p: { ref: string }) => `The JSON Schema's "$ref": "${p.ref}" points at nothing.`,
  schemaAllowsNothing: (p: { path: string }) => `The JSON Schema at "${p.path}" allows no value at all.`,
  noWholeNumber: (p: { lo: string; hi: string }) => `No whole number is at least ${p.lo} and at most ${p.hi}.`,
  imageInput: (p: { engine: string; model: string }) =>
    `${p.model} on ${p.engine} cannot see pictures (image input), so it was not asked. Choose a model that sees, or send this request to the cloud model.`,
  imageFromWeb: (p: { host: string }) =>
    `A picture at ${p.host} would be fetched from the web, which this device's engine never does. Give it as a file (a data: or blob: URL).`,
  imageNotPicture: (p: { where: string }) =>
    `${p.where} is not a picture InPage can read: it reads PNG, JPEG, GIF and WebP, known by their bytes whatever the name or type says.`,
  imageSvg: (p: { where: string }) =>
    `${p.where} is an SVG, a document that can run script, so InPage does not read it. Save it as a PNG and attach that.`,
  imageTooLarge: (p: { where: string; bytes: number; limit: number }) =>
    `${p.where} is ${b(p.bytes)}, more than the ${b(p.limit)} a picture may be. Send a smaller copy.`,
  imageTruncated: (p: { where: string }) => `${p.where} is cut short: the file ends before the picture does. Attach it again.`,
  imageScheme: (p: { where: string; scheme: string }) =>
    `${p.where} is a picture at a ${p.scheme}: address; give it as a data: or blob: URL (or https: for the cloud model).`,
  slowWeights: (p: { name: string; type: string }) =>
    `${p.name} is mostly ${p.type}, which llama.cpp in this browser runs at about a third of Q4_K's speed: for the CPU, pick the model's Q4_K_M file.`,
  picturesTooMany: (p: { count: number; model: string; contextLength: number }) =>
    `${p.count === 1 ? 'This picture and your message need' : `These ${p.count} pictures and your message need`} more room than the ${p.contextLength}-token context window of ${p.model} holds, so nothing was sent to it. ${p.count === 1 ? 'Send a shorter message with it' : 'Send fewer pictures at a time'}, or start a new conversation.`,
  imageBlobGone: () => 'A picture in this message is no longer in this page (its blob: URL was revoked). Attach it again.',
  toolsWithFormat: (p: { engine: string; format: string }) =>
    `${p.engine} cannot combine tools with response_format "${p.format}" in one reply. Send tool_choice "none" with the format, or the tools without it.`,
  schemaNotObject: () => 'A JSON Schema is a JSON object ({ … }).',
  schemaNotJson: (p: { reason: string }) => `This is not valid JSON: ${p.reason}.`,
  settingsSchema: (p: { notJson: string | null }) =>
    `The JSON Schema in Settings → Advanced cannot be used. ${p.notJson === null ? 'A JSON Schema is a JSON object ({ … }).' : `This is not valid JSON: ${p.notJson}.`} Fix it, or turn JSON replies off.`,
};

export type Words = typeof EN;
