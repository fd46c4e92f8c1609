/** Every string the UI shows, in Ukrainian. */
import type { ErrorCode } from '../../runtime/errors.ts';
import type { Reason } from '../../runtime/probe.ts';
import { word } from '../../runtime/said.ts';
import type { Messages } from './en.ts';
import { UK_WORDS, ukBytes, ukDuration } from './uk-words.ts';

const gb = (megabytes: number) => `${(megabytes / 1024).toFixed(1)} ГБ`;

/** Ukrainian plural forms: one, few (2–4), many. */
function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

const ERROR_TITLES: Record<ErrorCode, string> = {
  MODEL_LOAD: 'Не вдалося завантажити модель.',
  MODEL_NOT_FOUND: 'Модель не знайдено.',
  INVALID_MODEL: 'Цей файл не є придатною моделлю.',
  MODEL_NOT_LOADED: 'Модель не завантажено.',
  NETWORK: 'Помилка мережі.',
  QUOTA_EXCEEDED: 'Не вистачає місця у сховищі браузера.',
  STORAGE: 'Сховище браузера не працює.',
  ABORTED: 'Скасовано.',
  WEBGPU_UNAVAILABLE: 'WebGPU тут недоступний.',
  DEVICE_LOST: 'Графічний процесор перестав працювати.',
  OUT_OF_MEMORY: 'Не вистачає пам’яті.',
  CONTEXT_WINDOW_EXCEEDED: 'Розмова задовга для контекстного вікна моделі.',
  WORKER_CRASHED: 'Рушій моделі зупинився.',
  INFERENCE: 'Рушій не зміг відповісти.',
  INVALID_REQUEST: 'Неправильний запит.',
  UNSUPPORTED_FEATURE: 'Локальна модель не може цього гарантувати.',
  AUTHENTICATION: 'Хмарний сервіс не прийняв ключ API.',
  PERMISSION_DENIED: 'Хмарний сервіс відмовив у доступі.',
  RATE_LIMITED: 'Хмарний сервіс обмежує кількість запитів.',
  SERVICE_UNAVAILABLE: 'Хмарний сервіс не відповідає.',
  INCOMPLETE_REPLY: 'Відповідь обірвалася.',
  CONSENT_REQUIRED: 'Нічого не надіслано: потрібна ваша згода.',
  DOCUMENT_UNREADABLE: 'Цей файл не вдалося прочитати, і нічого з нього не збережено.',
};

export const uk: Messages = {
  locale: 'uk',
  languageName: 'Українська',
  appName: 'InPage',
  skipToComposer: 'Перейти до поля повідомлення',

  welcomeTitle: 'Мовна модель, що працює на цій сторінці',
  welcome: (model, size) =>
    `Першого разу InPage один раз завантажує ${model} (${size}) і зберігає її в цьому браузері; далі вона працює на вашому пристрої, навіть без інтернету. Ніщо з того, що ви пишете, не залишає цієї сторінки.`,
  welcomeStart: 'Напишіть повідомлення, щоб почати; тоді модель і завантажиться.',

  statusIdle: (model, size) => `${model}${size} завантажиться, коли ви надішлете повідомлення або натиснете «Завантажити».`,
  about: 'близько ',
  chosenForDevice: (why) => `(Обрано для цього пристрою: ${why}.)`,
  preparing: (model) => `Готуємо ${model}…`,
  startingLlama: (model) => `Запускаємо llama.cpp з ${model}…`,
  readingFromBrowser: (model) => `Читаємо ${model} зі сховища браузера…`,
  uploadingToGpu: (model) => `Завантажуємо ${model} у відеопам’ять`,
  downloading: (model) => `Завантажуємо ${model}`,
  ofBytes: (total) => ` з ${total}`,
  fileOf: (done, total) => ` · файл ${done} з ${total}`,
  timeLeft: (time) => ` · лишилося близько ${time}`,
  speed: (rate) => ` · ${rate}/с`,
  cancel: 'Скасувати',
  otherTab: (model) => `${model} використовується в іншій вкладці InPage; модель відкриється тут, коли та вкладка її звільнить.`,
  otherTabProgress: (done, total, percent) => ` Там: ${done} з ${total} (${percent}%).`,
  movedToOtherTab: (model) => `${model} тепер використовується в іншій вкладці InPage.`,
  useHere: 'Використовувати тут',
  prepareOffline: 'Підготувати для роботи офлайн',
  evicted: (names) =>
    `Браузер видалив ${names} зі сховища цього сайту, ймовірно, щоб звільнити місце. Модель завантажиться знову, коли ви її використаєте.`,
  evictedPersist: 'Постійне сховище (його запитують після завантаження) запобігає цьому.',
  dismiss: 'Закрити',
  storageUpgraded: 'InPage оновився в іншій вкладці й змінив спосіб зберігання даних. Перезавантажте цю вкладку, щоб безпечно продовжити.',
  updateAvailable: 'Готова нова версія InPage.',
  updateReload: 'Перезавантажити й оновити',
  buildInfo: (build) => `InPage ${build}`,
  progressLabel: 'Поступ завантаження моделі',
  oneThreadNotIsolated:
    'llama.cpp працює тут в одному потоці: ця сторінка не ізольована між походженнями. Віддавайте її із заголовками Cross-Origin-Opener-Policy: same-origin і Cross-Origin-Embedder-Policy: require-corp або дайте InPage встановити свій service worker і перезавантажте.',
  cpuThreads: (n) => `процесор, ${n} ${plural(n, 'потік', 'потоки', 'потоків')}`,
  fromStorage: 'завантажено зі сховища браузера',
  wasmBuild: (build) => (build === 'compat' ? 'сумісна збірка' : 'типова збірка'),
  downloadedAndSaved: 'завантажено й збережено в цьому браузері',

  reason: (r: Reason): string => {
    switch (r.code) {
      case 'no-webgpu-engine':
        return `рушій WebGPU недоступний: ${word(r.problem, UK_WORDS)}`;
      case 'f16':
        return 'ваш GPU має shader-f16 → варіант q4f16';
      case 'no-f16':
        return 'ваш GPU не має shader-f16 → варіант q4f32';
      case 'tight-memory':
        return `пам’яті обмаль (близько ${gb(r.budgetMB)} для сторінки) → варіант із контекстом 1k`;
      case 'gpu-too-small':
        return `${r.family} потребує ${gb(r.needMB)} відеопам’яті; цей пристрій може дати сторінці близько ${gb(r.budgetMB)}`;
      case 'cpu':
        return 'працює на процесорі через llama.cpp';
      case 'cpu-too-small':
        return `${r.family} на процесорі потребує ${gb(r.needMB)}; цей пристрій може дати сторінці близько ${gb(r.budgetMB)}`;
      case 'instead':
        return `натомість ${r.family}`;
      case 'nothing-fits':
        return 'навіть найменша модель може не вміститися на цьому пристрої';
      case 'needs-f16':
        return `${r.model} потребує shader-f16, якого цей GPU не має`;
      case 'webgpu-only':
        return `${r.model} працює лише на WebGPU, бо не вміщується в 4 ГБ WebAssembly, а тут ${word(r.problem, UK_WORDS)}`;
    }
  },

  errorTitle: (code) => (code ? ERROR_TITLES[code] : ''),
  say: (said) => word(said, UK_WORDS),
  bytes: ukBytes,
  duration: ukDuration,

  altReload: 'Завантажити ще раз',
  altCpu: 'Використати рушій на процесорі',
  altVariant: 'Використати варіант q4f32',
  altSmaller: 'Використати меншу модель',
  altVision: 'Використати модель, що бачить зображення',
  altReloadPage: 'Перезавантажити сторінку',
  altCloud: (model, host) => `Запитати ${model} у хмарі (${host})`,

  conversations: 'Розмови',
  newChat: 'Нова розмова',
  searchConversations: 'Пошук у розмовах',
  noConversations: 'Збережених розмов ще немає.',
  noMatches: 'Жодна розмова не підходить.',
  untitled: 'Нова розмова',
  rename: 'Перейменувати',
  renameTo: (title) => `Перейменувати «${title}»`,
  deleteConversation: (title) => `Видалити «${title}»`,
  confirmDeleteConversation: (title) => `Видалити «${title}»? Цю дію не можна скасувати.`,
  exportJson: 'Експорт JSON',
  exportMarkdown: 'Експорт Markdown',
  exportConversation: (title, format) => `Експорт ${format}: «${title}»`,
  exportAllJson: 'Експортувати всі (JSON)',
  exportAllMarkdown: 'Експортувати всі (Markdown)',
  importJson: 'Імпортувати JSON…',
  imported: (n) => (n === 0 ? 'Нічого нового: ці розмови вже тут.' : `Імпортовано ${n} ${plural(n, 'розмову', 'розмови', 'розмов')}.`),
  importFailed: (why) => `Цей файл не імпортовано: ${why}. Нічого не змінено.`,
  unreadable: (n) =>
    `${n} ${plural(n, 'збережену розмову', 'збережені розмови', 'збережених розмов')} не вдалося прочитати (пошкоджені або з новішої версії InPage); їх залишено як є.`,
  saveFailed: (why) => `Не вдалося зберегти цю розмову: ${why} Вона лишається в цій вкладці; експортуйте її, щоб мати копію.`,
  retrySave: 'Спробувати зберегти ще раз',
  systemPrompt: 'Системна підказка для цієї розмови',
  showConversations: 'Розмови',

  you: 'Ви',
  assistant: 'Асистент',
  conversationLabel: 'Розмова',
  stateStopped: 'Зупинено',
  stateLength: 'Обрізано на межі максимуму токенів',
  stateError: 'Незавершено',
  copy: 'Копіювати',
  copied: 'Скопійовано',
  edit: 'Редагувати',
  saveAndSend: 'Зберегти й надіслати',
  regenerate: 'Відповісти ще раз',
  deleteMessage: 'Видалити',
  messageActions: (author) => `Дії з цим повідомленням (${author})`,
  editMessage: 'Редагувати ваше повідомлення',
  tokens: (n) => `${n} ${plural(n, 'токен', 'токени', 'токенів')}`,
  prefillRate: (rate) => `обробка запиту ${rate} токенів/с`,
  decodeRate: (rate) => `${rate} токенів/с`,
  reusedTokens: (cached, prompt) => `повторно використано ${cached} з ${prompt} ${plural(prompt, 'токена', 'токенів', 'токенів')} запиту`,
  prefillTime: (ms, rate) =>
    `обробка запиту ${ms < 1000 ? `${Math.round(ms)} мс` : `${(ms / 1000).toFixed(1)} с`}${rate ? ` (${rate} токенів/с)` : ''}`,
  firstToken: (ms) => `перший токен за ${ms < 1000 ? `${ms} мс` : `${(ms / 1000).toFixed(1)} с`}`,
  droppedMessages: (n) =>
    `${n} ${plural(n, 'раніше повідомлення пропущено', 'раніші повідомлення пропущено', 'раніших повідомлень пропущено')}, щоб розмова вмістилася в контекстне вікно моделі.`,
  codeLanguage: (lang) => lang || 'код',
  copyCode: 'Копіювати код',
  imageNotLoaded: (alt, url) => `[Зображення не завантажено${alt ? `: ${alt}` : ''} — ${url}]`,

  messageLabel: 'Повідомлення',
  messagePlaceholder: 'Повідомлення (Enter — надіслати, Shift+Enter — новий рядок, Esc — зупинити, ↑ — редагувати останнє)',
  send: 'Надіслати',
  stop: 'Зупинити',
  tokenHint: 'Текст не англійською займає більше токенів (українською — у два-три рази), тож у контекст його вміщається менше.',
  outgoingPicture: (n) => `Зображення ${n} з цього повідомлення`,
  attachPicture: 'Додати зображення…',
  takePhoto: 'Сфотографувати…',
  attachedPictures: 'Зображення до надсилання',
  preparingPictures: 'Готуємо зображення…',
  unnamedPicture: 'Вставлений чи перетягнутий файл',
  removePicture: (n) => `Прибрати зображення ${n}`,
  pictureAlt: (n, width, height) => `Зображення ${n}, ${width} × ${height}`,
  tooManyPictures: (limit) => `Повідомлення вміщує щонайбільше ${limit} зображень: спершу надішліть ці, а решту додайте до наступного.`,

  models: 'Моделі',
  modelsTitle: 'Моделі',
  close: 'Закрити',
  notOffered: (why) => `Не пропонується на цьому пристрої: ${why}.`,
  loadAnyway: 'Спробувати все одно',
  seesPictures: 'бачить зображення',
  recommended: 'рекомендовано для цього пристрою',
  chosenBecause: (why) => `Обрано для цього пристрою: ${why}.`,
  engine: 'Рушій',
  downloadSize: 'Розмір',
  memoryNeed: 'Пам’ять',
  context: 'Контекст',
  stored: 'У цьому браузері',
  storedAll: 'Завантажено',
  storedPart: (part) => `завантажено ${part}`,
  notStored: 'Не завантажено',
  use: 'Обрати',
  useModel: (name) => `Завантажити ${name}`,
  inUse: 'Обрано',
  download: 'Завантажити файли',
  downloadModel: (name) => `Завантажити файли ${name}, не запускаючи`,
  deleteModel: (name) => `Видалити ${name}`,
  modelByAddress: 'Модель за адресою',
  modelUrl: 'Адреса моделі',
  modelLibrary: 'Бібліотека моделі (лише для моделей MLC)',
  load: 'Завантажити',
  storedModels: 'Моделі, збережені в цьому браузері',
  storedModelsList: 'Збережені моделі',
  noStoredModels: 'Поки що жодної. Модель зберігається, коли завантажується вперше.',
  incomplete: 'неповна',
  usedByVariants: (n) => `використовують ${n} ${plural(n, 'варіант', 'варіанти', 'варіантів')}`,
  repair: 'Відновити',
  repairModel: (name) => `Відновити ${name}: завантажити лише те, чого бракує`,
  repaired: 'Відновлено: усе, що потрібно для завантаження, збережено.',
  deleteAll: 'Видалити всі',
  inAll: (size) => `Загалом ${size}.`,
  storage: 'Сховище',
  storageUse: (used, quota) => `InPage використовує ${used} з ${quota}, які дозволяє цей браузер.`,
  storageUnknown: 'Цей браузер не повідомляє, скільки дозволяє зберігати InPage.',
  persistent: 'Збережені моделі не буде видалено: браузер не очищатиме їх, щоб звільнити місце.',
  notPersistent: 'Браузер може видалити збережені моделі, коли бракуватиме місця (постійне сховище не надано).',
  downloadFinished: (name) => `${name} завантажено; модель готова працювати без інтернету.`,

  settings: 'Налаштування',
  settingsTitle: 'Налаштування',
  language: 'Мова',
  defaultSystemPrompt: 'Системна підказка для нових розмов',
  generation: 'Генерація',
  temperature: 'Температура',
  topP: 'Top-p',
  maxTokens: 'Максимум токенів',
  stopSequences: 'Стоп-послідовності (по одній у рядку)',
  advanced: 'Додатково',
  reusePrompt: 'Продовжувати з попередньої відповіді (швидші наступні відповіді)',
  reusePromptHint: 'Вимкнено: локальна модель щоразу читає всю розмову заново. Лише для порівняння.',
  jsonMode: 'Відповідати у JSON',
  jsonSchema: 'JSON Schema для відповідей (необов’язково)',
  jsonHint:
    'Порожньо: будь-який об’єкт JSON. Локальна модель може написати лише те, що дозволяє схема; ключове слово, яке вона не може забезпечити, відхиляється з назвою ще до генерації.',
  boundsHint: (min, max) => `від ${min} до ${max}`,

  benchTitle: 'Виміряти швидкість на цьому пристрої',
  benchExplain: (model, engines, tokens) =>
    `Запускає ${model} на кожному рушії, доступному на цьому пристрої (${engines}): завантажує кожен (докачуючи те, чого ще немає), а тоді пише ${tokens} токенів на той самий запит.`,
  benchRun: 'Запустити вимірювання',
  benchRunning: 'Виконується…',
  bandwidth: 'Пропускна здатність пам’яті (ГБ/с), якщо знаєте',
  benchLoad: 'Завантаження',
  benchFirstToken: 'Перший токен',
  benchPrefill: 'Prefill, токенів/с',
  benchDecode: 'Декодування, токенів/с',
  benchCeiling: 'Стеля декодування',
  benchReference:
    'Для порівняння: WebLLM декодує Phi-3.5 mini зі швидкістю 71,1 токена/с на Apple M3 Max — 79,6% від нативного MLC (89,3). Декодування не може бути швидшим за пропускну здатність пам’яті ÷ байти ваг, що читаються на токен (стовпчик «стеля»).',
  benchCopy: 'Скопіювати результати як JSON',
  benchUseFastest: 'Використати найшвидший',
  cloudSection: 'Хмара (необов’язково)',
  cloudExplain:
    'InPage відповідає на цьому пристрої. З вашим власним ключем API він може натомість запитати хмарну модель: лише коли ви дозволите, і кожну хмарну відповідь позначено.',
  cloudPolicy: 'Коли локальна модель не може працювати',
  policyAsk: 'Запитати мене',
  policyAlways: 'Використати хмару',
  policyNever: 'Ніколи не використовувати хмару',
  cloudEndpoint: 'Адреса (базовий URL, сумісний з OpenAI)',
  cloudEndpointHint: 'Зміна адреси стирає збережений ключ: ключ надсилається лише на ту адресу, для якої його ввели.',
  saveEndpoint: 'Зберегти адресу',
  endpointSaved: 'Адресу збережено.',
  cloudModel: 'Хмарна модель',
  apiKey: 'Ключ API',
  apiKeyHint: 'Зберігається лише в цьому браузері й надсилається лише на цю адресу, у заголовку Authorization.',
  saveKey: 'Зберегти ключ',
  keySavedFor: (host) => `Ключ збережено для ${host}.`,
  noKeySaved: 'Ключ не збережено.',
  forgetKey: 'Забути ключ',

  nextGoesTo: 'Наступне повідомлення піде до',
  routeLocal: (model) => `Цей пристрій: ${model}`,
  routeCloud: (model, host) => `Хмара: ${model} на ${host}`,
  routeCloudWarning: (host) => `Цю розмову буде надіслано на ${host}.`,
  consentTitle: 'Надіслати цю розмову в хмару?',
  consentIntro: (model, host) =>
    `Досі ця розмова залишалася на цьому пристрої. Якщо продовжите, наведені нижче повідомлення підуть до ${model} на ${host}, на умовах цього сервісу.`,
  consentReason: (reason) => `Локальна модель не змогла працювати: ${reason}`,
  consentMessages: (n) => `Що буде надіслано (${n} ${plural(n, 'повідомлення', 'повідомлення', 'повідомлень')})`,
  consentKey: (host) => `Ключ API для ${host}`,
  consentKeyOptional: 'Залиште порожнім, якщо вашому серверу ключ не потрібен.',
  consentKeyRequired: 'Введіть ключ API, щоб надсилати до цього сервісу.',
  consentSend: 'Надіслати в хмару',
  consentKeep: 'Залишити на цьому пристрої',
  systemRole: 'Системна підказка',
  cloudBadge: (model, host) => `Хмара · ${model} · ${host}`,
  fallbackNotice: (reason) =>
    `Локальна модель не змогла працювати (${reason}), тож цю відповідь дала хмара, як дозволяють ваші налаштування.`,
  retryNotice: (seconds) => `Хмара обмежує запити; повторюємо через ${Math.ceil(seconds)} с…`,
  cost: (usd) => `≈ $${usd}`,
  conversationCost: (usd) => `Вартість хмари в цій розмові: ≈ $${usd}`,

  compare: 'Порівняти',
  compareWith: (model) => `Порівняти з ${model}?`,
  compareIntro: (local, model, host) =>
    `${local} відповідає на цьому пристрої, а повідомлення нижче підуть до ${model} на ${host}. Дві відповіді стануть поруч, і ви залишите будь-яку.`,
  comparePictureTokens: (pictures, tokens) =>
    `(з них ${tokens} — на ${pictures === 1 ? 'зображення' : `зображення (${pictures})`}, за правилом OpenAI для їхнього розміру й деталізації)`,
  compareTokens: 'Запит у токенах',
  compareTokenizerLocal: (model) => `${model} (власний токенізатор)`,
  compareTokenizerCloud: 'GPT-4o-mini (o200k_base)',
  compareCounting: 'рахую…',
  compareCountFailed: (why) => `не вдалося порахувати: ${why}`,
  compareTokenCount: (n) => `${n} ${plural(n, 'токен', 'токени', 'токенів')}`,
  compareInputCost: (usd, model) => `Надіслати запит коштує ≈ $${usd} на ${model}, ще до відповіді; на цьому пристрої — нічого.`,
  compareTokensWhy:
    'Кожен токенізатор ділить текст по-своєму: українська, наприклад, займає більше токенів, ніж ті самі слова англійською, тож коштує дорожче.',
  compareSend: 'Порівняти',
  comparedReplies: 'Порівняні відповіді',
  compareOnDevice: (model) => `${model} · на цьому пристрої`,
  comparePromptTokens: (n) => `токенів запиту: ${n}`,
  compareCompletionTokens: (n) => `токенів відповіді: ${n}`,
  compareFree: '$0 · лишається на цьому пристрої',
  compareNoPrice: 'для цієї моделі ціну не опубліковано',
  keepReply: 'Залишити цю відповідь',
  keepReplyFrom: (model) => `Залишити цю відповідь, від ${model}, як відповідь розмови`,
  keptReply: 'Відповідь розмови',
  comparedReply: 'Порівняна відповідь',
  comparedTotal: (usd, model, n) => `Ця розмова коштувала б ≈ $${usd} на ${model} (порівняних відповідей: ${n}); на цьому пристрої — $0.`,
  documents: 'Документи',
  documentsCount: (n) => `Документи (${n})`,
  documentsPrivacy:
    'Файли читаються й індексуються в цьому браузері. Нічого з них не вивантажується; уривок залишає пристрій, лише якщо ви погодитеся надіслати його в хмару.',
  embeddingModelNote: (name, size) =>
    `Уривки шукає ${name}${size ? ` (${size}, завантажується один раз і зберігається в цьому браузері)` : ''}, на цьому пристрої.`,
  attachDocuments: 'Додати документи…',
  attachToLibrary: 'Зберегти їх у моїй бібліотеці, для всіх розмов',
  inLibrary: 'бібліотека',
  documentMeta: (size, pages, chunks) => `${size}${pages === null ? '' : ` · сторінок: ${pages}`} · уривків: ${chunks}`,
  deleteDocument: (name) => `Видалити ${name}`,
  indexingReading: (name) => `Читаємо ${name}…`,
  indexingModel: (name, progress) => `Завантажуємо модель ембедингів для ${name}: ${progress}`,
  indexingRate: (rate, left) => `${rate} уривків/с, лишилося близько ${left}`,
  indexingEmbed: (name, done, total) => `Індексуємо ${name}: ${done} з ${total} уривків`,
  indexingSaving: (name) => `Зберігаємо ${name}…`,
  cancelIndexing: 'Скасувати',
  documentProblem: (name, message) => `${name} не додано: ${message}`,
  noDocumentsYet: 'Документів ще немає. Додайте текстові, Markdown, HTML або PDF-файли, щоб питати про них.',
  sources: 'Джерела',
  citation: (n, source) => `[${n}] ${source}`,
  passageTitle: (n, source) => `[${n}] ${source}`,
  passageWhere: (start, end, score) => `Символи ${start}–${end} · схожість ${score}`,
  noDocumentsNotice: (reason) => `Не вдалося шукати у ваших документах (${reason}), тож ця відповідь їх не використала.`,
  consentPassages: (n) => `Разом із ними йдуть уривки з ваших документів (${n}):`,
};
