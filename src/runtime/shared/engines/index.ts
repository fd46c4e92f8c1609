/**
 * The engines, once. Code asks this table what an engine does and which stored files serve a model,
 * never `engine === 'web-llm' ? … : …`: a new kind without its row here (and in the worker's table,
 * worker/engines/index.ts, for one that runs there) does not compile.
 */
import type { AnyModelSpec, CachedModel, ChatEngineKind, EngineKind, SpecOf } from '../engine.ts';
import { CLOUD } from './cloud.ts';
import { LLAMA_CPP } from './llama-cpp.ts';
import { ONNX } from './onnx.ts';
import type { EngineRow } from './row.ts';
import { WEB_LLM } from './web-llm.ts';

export type { Capabilities, EngineRow } from './row.ts';

export const ENGINES = {
  'llama.cpp': LLAMA_CPP,
  'web-llm': WEB_LLM,
  onnx: ONNX,
  cloud: CLOUD,
} as const satisfies { [K in EngineKind]: EngineRow<SpecOf<K>> & { can: { chat: K extends ChatEngineKind ? true : false } } };

/** The engines that run in the runtime's worker. */
export type WorkerEngineKind = { [K in EngineKind]: (typeof ENGINES)[K]['runs'] extends 'worker' ? K : never }[EngineKind];

export const ENGINE_KINDS = Object.keys(ENGINES) as EngineKind[];
/** Those that chat, as conversations and imports name them. */
export const CHAT_ENGINES = ENGINE_KINDS.filter((k): k is ChatEngineKind => ENGINES[k].can.chat);

/** The row of `spec`'s engine, typed for that spec. */
export const engineOf = <S extends AnyModelSpec>(spec: S): EngineRow<S> => ENGINES[spec.engine] as unknown as EngineRow<S>;

/** The key `spec`'s files are stored under (null for the cloud). */
export const storageKeyOf = (spec: AnyModelSpec): string | null => engineOf(spec).storageKey(spec);

/** The bytes a download of `spec` takes (a vision model's projector included), where known. */
export const downloadBytes = (spec: AnyModelSpec): number | undefined => engineOf(spec).downloadBytes(spec);

/** Every address `spec`'s files are fetched from. */
export const addressesOf = (spec: AnyModelSpec): string[] => engineOf(spec).addresses(spec);

/** The stored entry that serves `spec`, and whether it holds all a load needs; null when nothing of it is stored. */
export function storedFiles(spec: AnyModelSpec, stored: readonly CachedModel[]): { entry: CachedModel; whole: boolean } | null {
  const key = storageKeyOf(spec);
  const entry = key === null ? undefined : stored.find((c) => c.key === key && c.kind !== 'library');
  return entry ? { entry, whole: engineOf(spec).whole(spec, entry) } : null;
}
