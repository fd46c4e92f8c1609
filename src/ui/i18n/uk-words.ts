/**
 * What the runtime says (errors, notes), in Ukrainian: one entry per key of src/runtime/words/en.ts.
 * Text an engine or a server wrote in English (a raw failure reason) stays in the error's details and
 * the console; these sentences are whole without it. A data table.
 */
import type { Wording } from '../../runtime/shared/errors/said.ts';
import type {
  AddressOf,
  EnforcedFeature,
  FileFault,
  SchemaAdvice,
  SchemaFault,
  StoredThing,
  WorkerStop,
} from '../../runtime/shared/words/en.ts';

const gb = (megabytes: number) => `${(megabytes / 1024).toFixed(1)} ГБ`;

/** Ukrainian plural forms: one, few (2–4), many. */
export function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** "812 кБ", "7,6 МБ", "2,39 ГБ": decimal units, as in English, with Ukrainian symbols and a decimal comma. */
export function ukBytes(n: number): string {
  if (n < 1e3) return `${n} Б`;
  const [value, unit] = n < 1e6 ? [n / 1e3, 'кБ'] : n < 1e9 ? [n / 1e6, 'МБ'] : [n / 1e9, 'ГБ'];
  const digits = unit === 'ГБ' ? 2 : value < 10 ? 1 : 0;
  return `${value.toFixed(digits).replace('.', ',')} ${unit}`;
}

/** "12 с", "3 хв", "1 год 5 хв": coarse on purpose, as the English. */
export function ukDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} с`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} хв`;
  return `${Math.floor(minutes / 60)} год ${minutes % 60} хв`;
}

const b = ukBytes;
const wait = (seconds: number) => (seconds < 90 ? `${Math.ceil(seconds)} с` : `${Math.ceil(seconds / 60)} хв`);

const ADDRESS: Record<AddressOf, string> = { folder: 'теку моделі', gguf: 'файл .gguf', library: 'бібліотеку моделі (.wasm)' };
const STORED: Record<StoredThing, string> = { model: 'моделі', conversation: 'розмови', key: 'ключі', document: 'документи' };
const STOPPED: Record<WorkerStop, string> = {
  script: 'його скрипт не запустився',
  'unreadable-message': 'не вдалося прочитати повідомлення',
  'no-start': 'він не запустився',
  version: 'він іншої версії, ніж ця сторінка: перезавантажте її',
  ended: 'його потік завершився',
};
const FEATURE: Record<EnforcedFeature, string> = {
  tools: 'виклики інструментів',
  'JSON mode': 'режим JSON',
  'a JSON Schema': 'JSON Schema',
};
const ADVICE: Record<SchemaAdvice, string> = {
  none: '',
  oneOf: ': використайте anyOf (рушій гарантує «принаймні одну», а не «рівно одну»)',
  allOf: ': об’єднайте схеми в одну',
  pattern: ': використайте enum, format або minLength/maxLength',
  bound: ': обмежте ціле число (integer)',
  format: ': гарантуються лише формати date, time, date-time, uuid',
  remoteRef: ': працюють лише посилання всередині схеми («#/$defs/…»)',
};
const FAULT: Record<SchemaFault, (word: string) => string> = {
  'ref-nowhere': (word) => `«${word}» ні на що не вказує`,
  'not-object': () => 'схема — це об’єкт (або true/false)',
  'not-type': (word) => `«${word}» не є типом JSON`,
  enum: () => 'enum — це непорожній список',
  required: () => 'required — це список назв властивостей',
  properties: () => 'properties зіставляє назви зі схемами',
  whole: (word) => `${word} — це ціле число`,
  list: (word) => `${word} — це непорожній список схем`,
  map: (word) => `${word} зіставляє назви зі схемами`,
  ref: () => '$ref — це рядок',
};

const OUTCOME = { download: 'нічого не звантажено', index: 'нічого з нього не проіндексовано', attach: 'його не додано' };

const FILE_FAULT: Record<FileFault, (word: string) => string> = {
  object: () => 'очікувався об’єкт',
  text: () => 'очікувався текст',
  'too-long': (word) => `текст довший за ${word} символів`,
  timestamp: () => 'очікувалася позначка часу',
  whole: () => 'очікувалося ціле число',
  number: () => 'очікувалося число',
  'one-of': (word) => `очікувалося одне з: ${word}`,
  passages: () => 'очікувався список щонайбільше зі 100 уривків',
  alternative: () => 'альтернативу може мати лише відповідь',
  'no-migration': (word) => `немає перетворення з версії ${word}`,
  newer: (word) => `версія ${word} новіша, ніж знає цей застосунок; оновіть InPage`,
  list: () => 'очікувався список',
  'too-many': (word) => `більше ніж ${word} повідомлень`,
  pictures: (word) => `очікувався список щонайбільше з ${word} зображень, кожне — адреса data: у base64 з шириною й висотою`,
};

export const UK_WORDS: Wording = {
  plain: (p) => p.text,

  cancelled: () => 'Скасовано.',
  loadingCancelled: () => 'Завантаження скасовано.',
  downloadCancelled: () => 'Звантаження скасовано.',
  embeddingCancelled: () => 'Обчислення ембедингів скасовано.',
  stopped: () => 'Зупинено.',
  indexingCancelled: (p) => `Індексування ${p.name} скасовано; нічого з нього не збережено.`,

  workerStopped: (p) =>
    `Рушій моделі зупинився (${STOPPED[p.why]}). Надішліть повідомлення ще раз, щоб перезапустити його; модель знову завантажиться зі сховища браузера.`,
  noModelLoaded: () => 'Жодну модель не завантажено. Завантажте модель, тоді надішліть повідомлення ще раз.',
  noEmbeddingModelLoaded: () => 'Модель ембедингів не завантажено.',
  cloudModelNotChosen: () => 'Спершу оберіть хмарну модель у Налаштуваннях.',

  notAnAddress: (p) => `«${p.text}» — не веб-адреса. Вставте повне посилання на ${ADDRESS[p.what]}, що починається з https://`,
  httpOnly: (p) => `Моделі завантажуються лише через http(s); посилання «${p.protocol}» не підтримуються.`,
  folderNotModel: (p) =>
    `${p.url} — це тека. Для моделі GGUF дайте посилання на файл .gguf; для моделі MLC додайте &lib=<адреса її бібліотеки .wasm>.`,
  policyIpv6: (p) =>
    `Політика безпеки цієї сторінки не може дозволити з’єднання з ${p.host}: політика називає імена хостів та адреси IPv4, але не IPv6. Розмістіть файл під іменем хоста (наприклад, localhost) або на цьому сайті й спробуйте ще раз.`,
  policyReload: (p) =>
    `Політика безпеки цієї сторінки ще не дозволяє з’єднань з ${p.host}. InPage додав його до обраних вами хостів: перезавантажте сторінку й спробуйте ще раз. (Для цього потрібен service worker InPage; якщо політику задає сервер, хост треба додати там.)`,

  httpNotFound: (p) => `За адресою ${p.url} немає моделі (HTTP ${p.status}). Перевірте адресу або оберіть модель зі списку.`,
  httpRefused: (p) =>
    `${p.host} не дав доступу до ${p.name} (HTTP ${p.status}). Модель може бути приватною або з обмеженим доступом: використайте публічне посилання.`,
  httpRateLimited: (p) => `${p.host} обмежує звантаження (HTTP 429). Зачекайте хвилину й спробуйте ще раз.`,
  httpStatus: (p) => `${p.host} відповів HTTP ${p.status} на запит ${p.name}. Спробуйте пізніше або використайте іншу адресу.`,
  unreachable: (p) => `Не вдалося з’єднатися з ${p.host}. Перевірте адресу та з’єднання й спробуйте ще раз.`,
  brokeOff: (p) =>
    `Звантаження з ${p.host} обірвалося після ${b(p.received)}${p.total ? ` з ${b(p.total)}` : ''}. Перевірте з’єднання й спробуйте ще раз.`,
  noData: (p) => `${p.host} не надіслав даних для ${p.url}. Спробуйте ще раз.`,

  serverIncomplete: (p) =>
    `${p.name} на сервері неповний: він має ${b(p.total)}, а його заголовок описує ${b(p.need)}. Використайте повну копію файлу.`,
  endsEarly: (p) =>
    `${p.name} закінчується зарано: у ньому ${b(p.received)} з ${b(p.need)}, які описує заголовок. Використайте повну копію файлу.`,
  sizeMismatch: (p) => `${p.name} має ${b(p.received)}, а не очікувані ${b(p.expected)}: на сервері інший файл.`,
  integrity: (p) =>
    `${p.name} з ${p.host} двічі не збігся з опублікованим ${p.what === 'sha256' ? 'контрольним хешем (sha256)' : 'розміром'}, тож його не збережено. Файл на сервері може бути пошкоджено або замінено: спробуйте пізніше або використайте іншу копію.`,
  outOfRoomKept: (p) =>
    `Браузерові забракло місця для ${p.name} після ${b(p.received)}. Уже звантажені ${b(p.kept)} збережено: звільніть місце на диску або видаліть інші моделі, тоді завантажте її знову, щоб продовжити з того ж місця.`,
  notReadBack: (p) => `${p.name} звантажено, але не вдалося прочитати її зі сховища браузера. Спробуйте ще раз.`,
  needsRoom: (p) =>
    `${p.name} потребує ${b(p.need)}, але браузер дозволяє InPage зберегти лише ще ${b(p.free)}, тож ${OUTCOME[p.outcome]}. ${
      p.deletable > 0
        ? `Інші збережені тут моделі займають ${b(p.deletable)}: видаліть непотрібні (Моделі) або звільніть місце на диску й спробуйте ще раз.`
        : 'Звільніть місце на диску й спробуйте ще раз.'
    }`,
  storageFull: () => 'Сховище браузера заповнене. Звільніть місце на диску або видаліть звантажену модель і спробуйте ще раз.',
  outOfRoomModel: (p) =>
    `Браузерові забракло місця для моделі${p.saved > 0 ? ` після ${b(p.saved)}` : ''}, тож нічого з неї не збережено. Звільніть місце на диску або видаліть інші звантажені моделі й спробуйте ще раз.`,
  storageBroken: (p) =>
    `Сховище браузера не працює для InPage. Приватні вікна та заблоковані дані сайтів не дають зберігати ${STORED[p.stored]}; дозвольте дані сайту для цієї сторінки або перезавантажте її й спробуйте ще раз.`,
  nothingToRepair: () => 'Цієї моделі вже немає в сховищі браузера, тож лагодити нічого. Завантажте її, щоб звантажити знову.',

  webPage: (p) =>
    `${p.name} — це вебсторінка, а не файл моделі. Використайте пряме посилання на файл (на Hugging Face: …/resolve/main/<файл>.gguf).`,
  jsonNotModel: (p) => `${p.name} — це JSON, а не файл моделі. Рушію на процесорі потрібен файл .gguf, створений для llama.cpp.`,
  notGguf: (p) =>
    `${p.name} — не модель GGUF (файл не починається з підпису GGUF). Рушію на процесорі потрібен файл .gguf, створений для llama.cpp.`,
  damagedGguf: (p) => `${p.name} — пошкоджений файл GGUF. Звантажте його знову або використайте інший файл.`,
  headerTruncated: (p) => `${p.name} обривається після ${b(p.received)}, посеред заголовка: файл на сервері неповний.`,
  headerTooLarge: (p) => `${p.name} має неправдоподібно великий заголовок; імовірно, файл пошкоджено.`,
  wasmBuildMissing: (p) => `На цій сторінці немає збірки WebAssembly llama.cpp «${p.build}»: передайте її файли рушію.`,
  wasmMemory: (p) =>
    `${p.name} (${b(p.bytes)}) завелика для llama.cpp у браузері: її ваги й робоча пам’ять не вміщуються в 4 ГБ WebAssembly. Оберіть меншу модель чи квантування або використайте WebGPU.`,
  loadOutOfMemory: (p) => `${p.name} потребує більше пам’яті, ніж браузер дає сторінці. Закрийте інші вкладки або оберіть меншу модель.`,
  notProjector: (p) =>
    `${p.name} не є мультимодальним проєктором: його архітектура «${p.arch}», а в проєктора вона «clip». Вкажіть як проєктор файл mmproj цієї моделі.`,
  architecture: (p) => `${p.name} має архітектуру «${p.arch}», якої ця версія llama.cpp не вміє запускати.`,
  llamaLoadFailed: (p) =>
    `llama.cpp не зміг завантажити ${p.name}. Файл може бути пошкоджений або у форматі, якого ця версія не підтримує.`,
  cannotEnforce: (p) =>
    `llama.cpp не може гарантувати ${FEATURE[p.feature]} з моделлю ${p.model}. Повторна спроба не допоможе: надішліть цей запит хмарній моделі або оберіть іншу модель.`,
  samplingRefused: (p) => `llama.cpp відхилив параметри семплювання цього запиту для ${p.model}. Змініть їх і надішліть ще раз.`,
  contextFull: (p) =>
    `Розмова довша за контекстне вікно ${p.model} (${p.contextLength} токенів). Почніть нову розмову або видаліть ранні повідомлення.`,
  answerOutOfMemory: (p) => `${p.model} забракло пам’яті під час відповіді. Закрийте інші вкладки або почніть коротшу розмову.`,
  llamaStopped: () => 'llama.cpp перестав працювати. Модель завантажиться знову з вашим наступним повідомленням.',
  llamaAnswerFailed: () => 'llama.cpp не зміг відповісти. Спробуйте ще раз; якщо не допоможе, завантажте модель знову.',
  emptyConversation: () => 'Розмова порожня: додайте повідомлення, щоб надіслати.',
  noUserMessage: () => 'У розмові немає повідомлення користувача, на яке можна відповісти.',
  temperatureRange: (p) => `Температура має бути від 0 до 2 (зараз ${p.value}).`,
  topPRange: (p) => `Top-p має бути більшим за 0 і не більшим за 1 (зараз ${p.value}).`,
  maxTokensRange: (p) => `Максимум токенів — ціле число, не менше за 1 (зараз ${p.value}).`,
  tooManyStops: (p) => `Дозволено щонайбільше 4 стоп-послідовності (зараз ${p.count}).`,
  emptyStop: () => 'Стоп-послідовності мають бути непорожнім текстом.',
  seedWhole: (p) => `Параметр seed має бути цілим числом (зараз ${p.value}).`,
  kvNeedsFlash: () => 'Кеш KV q8_0 потребує flash attention: встановіть flash_attn у true або cache_type у «f16».',

  embedTooLong: (p) =>
    `input[${p.index}] довший за ${p.contextLength} токенів, які ${p.name} читає за раз. Розбийте його на коротші тексти.`,
  embedInputTooLong: (p) =>
    `Один із текстів довший за ${p.contextLength} токенів, які ${p.name} читає за раз. Розбийте його на коротші тексти.`,
  notOnnx: (p) =>
    `${p.name} — не модель ONNX (файл починається не так, як файли ONNX). Дайте пряме посилання на файл .onnx (на Hugging Face: …/resolve/main/onnx/model_quantized.onnx).`,
  onnxWebPage: (p) =>
    `${p.name} — вебсторінка, а не файл моделі. Дайте пряме посилання на файл .onnx (на Hugging Face: …/resolve/main/onnx/model_quantized.onnx, а не …/blob/…).`,
  notTokenizerJson: (p) =>
    `${p.name} — не файл tokenizer.json. Моделі ембедингів ONNX потрібен tokenizer.json з верхньої теки її репозиторію, поруч із текою onnx/.`,
  tokenizerKind: (p) =>
    `${p.name} має токенізатор ${p.kind}; для моделей ембедингів ONNX InPage читає токенізатори WordPiece (родина BERT). Візьміть модель родини BERT (BGE, GTE, MiniLM, Arctic embed) або її файл GGUF.`,
  onnxUnreadable: (p) =>
    `ONNX Runtime не зміг відкрити ${p.name}. Файл може бути пошкоджений (видаліть його в «Моделях» і завантажте знову) або створений для новішої версії ONNX Runtime.`,
  onnxNoOutput: (p) =>
    `${p.name} не видає векторів токенів (немає виходу last_hidden_state). Візьміть експорт моделі для feature-extraction (Hugging Face Optimum або transformers.js).`,
  onnxEngineUnreachable: (p) =>
    `Не вдалося отримати файли ONNX Runtime з цього сайту (${p.status ? `HTTP ${p.status}` : 'немає з’єднання'}). Під’єднайтеся один раз, щоб індексувати документи цією моделлю; далі вона працює й без мережі.`,
  onnxEngineFailed: () =>
    "ONNX Runtime не зміг запуститися в цьому браузері. Обчислюйте ембединги файлом GGUF у llama.cpp: ?embed=bge-small-en-v1.5-f32-gguf, або embeddingModel: 'bge-small-en-v1.5-f32-gguf' у бібліотеці.",
  onnxEngineMissing: () =>
    'Ця збірка InPage не містить ONNX Runtime, тож не може запускати моделі ембедингів ONNX. Візьміть модель ембедингів GGUF.',
  embedFailed: (p) => `${p.name} не змогла обчислити ембединг для input[${p.index}].`,
  notGgufModel: (p) => `${p.name} — не модель GGUF.`,
  notEmbeddingModel: (p) => `${p.name} не створює ембедингів: виберіть модель для ембедингів.`,
  notWebllmModel: (p) => `${p.name} — не модель web-llm.`,
  inputNotText: () => 'input: кожен елемент має бути текстом.',
  noEmbedding: (p) => `input[${p.index}]: модель не дала ембединга.`,
  noTextToIndex: (p) => `У ${p.name} немає тексту для індексування.`,
  otherEmbeddingModel: (p) => `${p.name} проіндексовано іншою моделлю ембедингів (${p.model}). Видаліть його й додайте знову.`,

  noWebGPU: (p) =>
    `Цей браузер не може запустити рушій WebGPU (${p.adapter ? 'немає графічного адаптера' : 'немає WebGPU'}). Використайте рушій на процесорі або хмару.`,
  gpuFeature: (p) => `Вашому GPU бракує можливості, потрібної ${p.name}. Оберіть варіант q4f32 або використайте рушій на процесорі.`,
  deviceLost: () =>
    'Графічний процесор перестав працювати (зазвичай через брак пам’яті). Завантажте модель знову, оберіть менший варіант або використайте рушій на процесорі чи хмару.',
  messageTooLong: (p) => `Ваше повідомлення задовге для контекстного вікна ${p.name}. Скоротіть його або почніть нову розмову.`,
  mlcChecksum: (p) => `Файл ${p.name} не збігається з опублікованим контрольним хешем. Видаліть модель і звантажте її знову.`,
  mlcLibrary: (p) =>
    `Не вдалося завантажити бібліотеку моделі ${p.name}. Це має бути бібліотека, зібрана для цієї моделі та web-llm 0.2.86. Натомість можна запустити модель на процесорі або скористатися хмарою.`,
  mlcOutOfRoom: () =>
    'Браузерові забракло місця для моделі. Звільніть місце на диску або видаліть інші звантажені моделі й спробуйте ще раз.',
  mlcPartMissing: (p) => `Не вдалося звантажити частину ${p.name}. Перевірте з’єднання й спробуйте ще раз.`,
  webllmAnswerFailed: () => 'web-llm не зміг відповісти. Спробуйте ще раз; якщо не допоможе, завантажте модель знову.',
  webllmLoadFailed: (p) => `web-llm не зміг завантажити ${p.name}.`,
  mlcNotJson: (p) =>
    `${p.name} — не модель MLC: її ${p.file} — не коректний JSON${p.webPage ? ' (сервер надіслав вебсторінку)' : ''}. Перевірте адресу моделі.`,
  mlcNoTokenizer: (p) => `${p.name} не містить токенізатора, який може прочитати web-llm (tokenizer.json або tokenizer.model).`,
  mlcNoWeights: (p) => `tensor-cache.json моделі ${p.name} не містить жодного файлу ваг.`,
  mlcShardSize: (p) =>
    `${p.file} моделі ${p.name} має ${b(p.received)}, а маніфест моделі каже ${b(p.expected)}. Дзеркало віддає інший файл.`,

  cloudUnreachable: (p) =>
    `Не вдалося з’єднатися з ${p.host}: пристрій може бути без мережі, або адреса хибна, або сервіс не приймає запитів із цієї сторінки (CORS). Моделі нічого не надіслано.`,
  cloudStreamError: (p) => `${p.host} обірвав відповідь із помилкою. Те, що надійшло, збережено; згенеруйте ще раз, щоб повторити.`,
  cloudBadKey: (p) => `${p.host} не прийняв ключ API (401). Перевірте ключ у Налаштуваннях → Хмара або введіть новий.`,
  cloudForbidden: (p) =>
    `${p.host} відмовив у цьому запиті (403). Ключ може не мати доступу до ${p.model}, або сервіс недоступний у вашому регіоні.`,
  cloudNoModel: (p) =>
    `${p.host} не має моделі «${p.model}» для цього ключа (404). Перевірте назву моделі та адресу в Налаштуваннях → Хмара.`,
  cloudNoCredit: (p) =>
    `На рахунку цього ключа в ${p.host} закінчилися кошти (429). Поповніть рахунок або скористайтеся локальною моделлю.`,
  cloudRateLimited: (p) =>
    `${p.host} обмежує запити з цього ключа (429). ${p.retryAfterSeconds === null ? 'Трохи зачекайте' : `Спробуйте через ${wait(p.retryAfterSeconds)}`} або скористайтеся локальною моделлю.`,
  cloudFailed: (p) => `${p.host} дав збій на своєму боці (${p.status}). Спробуйте трохи згодом або скористайтеся локальною моделлю.`,
  cloudTooLong: (p) => `Ця розмова довша, ніж може прочитати ${p.model}. Почніть нову розмову або видаліть ранні повідомлення.`,
  cloudRefused: (p) => `${p.host} відхилив запит (${p.status}).`,
  cloudBadStream: (p) =>
    `${p.host} надіслав некоректний потік відповіді, тож її обірвано. Те, що надійшло, збережено; згенеруйте ще раз, щоб повторити.`,
  cloudCut: (p) => `З’єднання з ${p.host} обірвалося до кінця відповіді. Те, що надійшло, збережено; згенеруйте ще раз, щоб повторити.`,
  endpointNotAddress: (p) => `«${p.text}» — не веб-адреса. Введіть базову адресу API, наприклад ${p.example}`,
  endpointHttps: () =>
    'Адреса має використовувати https:// (звичайний http:// дозволено лише для localhost), щоб ключ і розмова йшли зашифрованими.',
  endpointCredentials: () => 'Ключ API вводьте в поле ключа, а не в адресу: адреси потрапляють у журнали та історію.',
  endpointQuery: () => 'Адреса — це базова URL-адреса: приберіть частину з «?» або «#».',
  keptLocal: () => 'Не надіслано: ви залишили цю розмову на пристрої. Запитайте ще раз, щоб відповіла локальна модель.',
  cloudNotSetUp: () => 'Хмарну модель не налаштовано, тож нічого не надіслано.',
  cloudNever: (p) => `Не надіслано: хмару вимкнено назавжди, тож до ${p.host} нічого не йде.`,
  cloudNotAsked: (p) => `Не надіслано: без згоди до ${p.host} нічого не йде, а запитати не було як.`,

  fileFault: (p) => `${p.path}: ${FILE_FAULT[p.fault](p.word)}`,
  fileTooLarge: () => 'Файл більший за 100 МБ; це не експорт InPage.',
  localModelNotLoaded: () => 'Локальна модель не завантажилася.',
  fileNotJson: () => 'файл — не JSON',
  fileNotExport: () => 'файл — не експорт InPage (його «format» відсутній або інший)',
  fileDuplicate: () => 'файл містить ту саму розмову двічі',

  layersOnGpu: (p) => `${p.n} з ${p.of} шарів на GPU`,
  someLayersOnGpu: () => 'шари на GPU',
  cpuKeptLayers: () => 'llama.cpp залишив усі шари на процесорі',
  cpuAskedFor: () => 'обрано процесор',
  reasonNoWebgpuEngine: (p) => `рушій WebGPU недоступний: ${p.problem}`,
  reasonF16: () => 'ваш GPU має shader-f16 → варіант q4f16',
  reasonNoF16: () => 'ваш GPU не має shader-f16 → варіант q4f32',
  reasonTightMemory: (p) => `пам’яті обмаль (близько ${gb(p.budgetMB)} для сторінки) → варіант із контекстом 1k`,
  reasonGpuTooSmall: (p) => `${p.family} потребує ${gb(p.needMB)} відеопам’яті; цей пристрій може дати сторінці близько ${gb(p.budgetMB)}`,
  reasonCpu: () => 'працює на процесорі через llama.cpp',
  reasonCpuTooSmall: (p) => `${p.family} на процесорі потребує ${gb(p.needMB)}; цей пристрій може дати сторінці близько ${gb(p.budgetMB)}`,
  reasonInstead: (p) => `натомість ${p.family}`,
  reasonNothingFits: () => 'навіть найменша модель може не вміститися на цьому пристрої',
  reasonNeedsF16: (p) => `${p.model} потребує shader-f16, якого цей GPU не має`,
  reasonWebgpuOnly: (p) => `${p.model} працює лише на WebGPU, бо не вміщується в 4 ГБ WebAssembly, а тут ${p.problem}`,
  weightsOnGpu: (p) => `ваги ${p.quant} на ${p.vendor || 'GPU'}`,
  runsRemotely: (p) => `працює на ${p.host}, не на цьому пристрої`,
  noWebGPUHere: () => 'цей браузер не має WebGPU',
  noWebGPUShort: () => 'немає WebGPU',
  noAdapter: () => 'немає адаптера WebGPU (GPU вимкнено або заблоковано)',
  adapterFailed: () => 'запит адаптера WebGPU не вдався',
  noF16ForLlama: (p) => `${p.software ? 'програмному адаптерові' : 'GPU'} бракує shader-f16, потрібного бекенду WebGPU у llama.cpp`,
  f16ForLlama: () => 'GPU підтримує shader-f16',
  workgroupMemory: (p) => `WebGPU цього браузера дає ${p.kib} КіБ пам’яті робочої групи; web-llm потребує 32 КіБ`,
  bufferBinding: (p) => `цей GPU прив’язує щонайбільше ${p.mb} МБ на буфер; моделям web-llm потрібно 128 МБ`,
  badWasmChoice: (p) => `${p.where} має значення ${p.value}, а це не збірка llama.cpp: використайте ${p.choices}.`,
  wasmAskedFor: () => 'на ваш запит',
  wasmHasAll: () => 'цей браузер має JSPI і Memory64',
  wasmLacks: (p) => `цьому браузерові бракує ${[p.jspi ? null : 'JSPI', p.memory64 ? null : 'Memory64'].filter(Boolean).join(' і ')}`,

  documentBinary: (p) =>
    `${p.name} — не текст: його байти схожі на програму, зображення чи архів, можливо перейменовані. Додайте файл .txt, .md, .html або .pdf.`,
  documentKind: (p) => `${p.name}: InPage читає файли .txt, .md, .html і .pdf. Збережіть його в одному з цих форматів і додайте знову.`,
  documentEmpty: (p) => `${p.name} порожній (0 байтів): у ньому нічого читати.`,
  documentTooLarge: (p) =>
    `${p.name} має ${b(p.bytes)}; InPage читає документи до ${b(p.limit)}. Розділіть його або залиште лише потрібну частину.`,
  documentFakePdf: (p) => `${p.name} має назву .pdf, але це не PDF. Додайте справжній файл.`,
  documentScanned: (p) =>
    `${p.name} не має текстового шару: його сторінки — зображення (скан?). InPage не читає зображень; розпізнайте текст (OCR) і додайте результат.`,
  documentNoText: (p) => `У ${p.name} немає тексту.`,
  documentPassword: (p) => `${p.name} захищено паролем, тож InPage не може його прочитати. Збережіть незахищену копію й додайте її.`,
  documentBadPdf: (p) => `${p.name} — PDF, який не вдається прочитати.`,

  schemaInvalid: (p) => `${p.path} — некоректна JSON Schema: ${FAULT[p.fault](p.word)}.`,
  schemaUnsupported: (p) =>
    `${p.engine} не може гарантувати можливість JSON Schema «${p.feature}» (у ${p.where}${p.path || ' (корінь)'})${ADVICE[p.advice]}. Приберіть її або надішліть цей запит хмарній моделі.`,
  schemaRefNowhere: (p) => `«$ref»: «${p.ref}» у JSON Schema ні на що не вказує.`,
  schemaAllowsNothing: (p) => `JSON Schema у «${p.path}» не допускає жодного значення.`,
  noWholeNumber: (p) => `Немає цілого числа, не меншого за ${p.lo} і не більшого за ${p.hi}.`,
  imageInput: (p) =>
    `Модель ${p.model} на ${p.engine} не бачить зображень (введення зображень), тож запит їй не надіслано. Оберіть модель, яка бачить, або надішліть цей запит хмарній моделі.`,
  imageFromWeb: (p) =>
    `Зображення з ${p.host} довелося б завантажити з інтернету, а рушій на цьому пристрої цього ніколи не робить. Додайте його як файл (адреса data: або blob:).`,
  imageNotPicture: (p) =>
    `${p.where}: InPage не може прочитати це зображення. Він читає PNG, JPEG, GIF і WebP, розпізнаючи їх за вмістом, хоч би що казали назва чи тип.`,
  imageSvg: (p) => `${p.where}: це SVG, документ, який може виконувати скрипти, тож InPage його не читає. Збережіть його як PNG і додайте.`,
  imageTooLarge: (p) => `${p.where}: ${b(p.bytes)}, більше за ${b(p.limit)}, які може мати зображення. Надішліть меншу копію.`,
  imageTruncated: (p) => `${p.where}: файл обірвано, він закінчується раніше за зображення. Додайте його ще раз.`,
  imageScheme: (p) =>
    `${p.where}: зображення за адресою ${p.scheme}:. Дайте його як адресу data: або blob: (або https: для хмарної моделі).`,
  slowWeights: (p) =>
    `${p.name} здебільшого у форматі ${p.type}, який llama.cpp у цьому браузері виконує приблизно втричі повільніше за Q4_K: для процесора виберіть файл моделі Q4_K_M.`,
  picturesTooMany: (p) =>
    `${p.count === 1 ? 'Це зображення разом із вашим повідомленням потребує' : `Ці ${p.count} ${plural(p.count, 'зображення', 'зображення', 'зображень')} разом із вашим повідомленням потребують`} більше місця, ніж вміщує контекстне вікно ${p.model} (${p.contextLength} токенів), тож модель нічого не отримала. ${p.count === 1 ? 'Надішліть його з коротшим повідомленням' : 'Надсилайте менше зображень за раз'} або почніть нову розмову.`,
  imageBlobGone: () => 'Зображення з цього повідомлення вже немає на сторінці (його адресу blob: відкликано). Додайте його ще раз.',
  toolsWithFormat: (p) =>
    `${p.engine} не може поєднати інструменти з response_format «${p.format}» в одній відповіді. Надішліть tool_choice «none» з форматом або інструменти без нього.`,
  schemaNotObject: () => 'JSON Schema — це об’єкт JSON ({ … }).',
  schemaNotJson: () => 'Це не коректний JSON.',
  settingsSchema: (p) =>
    `JSON Schema у Налаштуваннях → Додатково не можна використати. ${p.notJson === null ? 'JSON Schema — це об’єкт JSON ({ … }).' : 'Це не коректний JSON.'} Виправте її або вимкніть відповіді у форматі JSON.`,
};
