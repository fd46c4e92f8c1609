/**
 * Hugging Face's BERT tokenizer, read from a model's tokenizer.json: BertNormalizer (clean text, CJK
 * characters spaced, accents stripped, lower case), BertPreTokenizer (words at whitespace, punctuation
 * alone), WordPiece (longest pieces first, "##" continuations, an unknown word whole as [UNK]) and
 * [CLS] … [SEP] around it, as transformers.js and the `tokenizers` library encode for the same model.
 */
import { InvalidModelError } from '../../../shared/errors/errors.ts';
import { say } from '../../../shared/errors/said.ts';

interface TokenizerJson {
  truncation?: { max_length?: number } | null;
  added_tokens?: { id: number; content: string; special?: boolean; normalized?: boolean }[];
  normalizer?: {
    type?: string;
    lowercase?: boolean;
    strip_accents?: boolean | null;
    clean_text?: boolean;
    handle_chinese_chars?: boolean;
  } | null;
  post_processor?: {
    type?: string;
    cls?: [string, number];
    sep?: [string, number];
    single?: ({ SpecialToken: { id: string } } | { Sequence: { id: string } })[];
    special_tokens?: Record<string, { ids: number[] }>;
  } | null;
  model?: {
    type?: string;
    vocab?: Record<string, number>;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
  };
}

export interface WordPiece {
  /** The ids the model reads for `text`, [CLS] and [SEP] included. */
  encode(text: string): number[];
  /** The longest input the tokenizer's truncation allows, where it says (the model's window). */
  maxLength: number | undefined;
}

// The CJK Unified Ideographs blocks BERT spaces out, so each ideograph is a word of its own.
const CJK =
  /[\u4E00-\u9FFF\u3400-\u4DBF\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B820}-\u{2CEAF}\uF900-\uFAFF\u{2F800}-\u{2FA1F}]/gu;
const PUNCTUATION = /[\p{P}!-/:-@[-`{-~]/u;

function normalizer(config: TokenizerJson['normalizer']): (text: string) => string {
  const lowercase = config?.lowercase ?? true;
  // null (bge's, bert-base-uncased's): accents go with lower case, as in the original BERT.
  const stripAccents = config?.strip_accents ?? lowercase;
  return (text) => {
    let out = text;
    // Control characters go first (a vertical tab is one), then the rest of whitespace becomes spaces.
    if (config?.clean_text ?? true) out = out.replace(/[\0\uFFFD]|(?![\t\n\r])\p{C}/gu, '').replace(/\s/gu, ' ');
    if (config?.handle_chinese_chars ?? true) out = out.replace(CJK, (c) => ` ${c} `);
    if (stripAccents) out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
    return lowercase ? out.toLowerCase() : out;
  };
}

function words(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/\s+/u)) {
    let word = '';
    for (const c of part) {
      if (!PUNCTUATION.test(c)) {
        word += c;
        continue;
      }
      if (word) out.push(word);
      out.push(c);
      word = '';
    }
    if (word) out.push(word);
  }
  return out;
}

/** [CLS] and [SEP] as the post-processor names them (TemplateProcessing or BertProcessing), else from the vocabulary. */
function wrapIds(json: TokenizerJson, vocab: Map<string, number>): [number, number] {
  const post = json.post_processor;
  if (post?.cls && post.sep) return [post.cls[1], post.sep[1]];
  const specials = (post?.single ?? []).flatMap((p) => ('SpecialToken' in p ? [p.SpecialToken.id] : []));
  const id = (name: string | undefined, fallback: string) =>
    (name ? post?.special_tokens?.[name]?.ids[0] : undefined) ?? vocab.get(fallback) ?? -1;
  return [id(specials[0], '[CLS]'), id(specials[1], '[SEP]')];
}

/** Reads a tokenizer.json; `name` names the model in errors. @throws InvalidModelError */
export function wordPieceFrom(text: string, name: string): WordPiece {
  let json: TokenizerJson;
  try {
    json = JSON.parse(text) as TokenizerJson;
  } catch {
    throw new InvalidModelError(say('notTokenizerJson', { name }), { reason: 'not-json' });
  }
  const model = json?.model;
  if (!model || typeof model !== 'object') throw new InvalidModelError(say('notTokenizerJson', { name }), { reason: 'no-model' });
  if (model.type !== 'WordPiece' || !model.vocab)
    throw new InvalidModelError(say('tokenizerKind', { name, kind: String(model.type ?? 'unknown') }), { reason: 'tokenizer-kind' });
  const vocab = new Map(Object.entries(model.vocab));
  const unk = vocab.get(model.unk_token ?? '[UNK]') ?? 100;
  const prefix = model.continuing_subword_prefix ?? '##';
  const maxChars = model.max_input_chars_per_word ?? 100;
  const [cls, sep] = wrapIds(json, vocab);
  if (cls < 0 || sep < 0) throw new InvalidModelError(say('notTokenizerJson', { name }), { reason: 'no-cls-sep' });
  const normalize = normalizer(json.normalizer);
  // Added tokens ([CLS], [MASK]…) written in the text are matched before normalisation, as `tokenizers` does.
  const added = (json.added_tokens ?? []).filter((t) => t.normalized === false && t.content);
  const addedIds = new Map(added.map((t) => [t.content, t.id]));
  const splitter = added.length
    ? new RegExp(
        `(${added
          .map((t) => t.content.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .sort((a, b) => b.length - a.length)
          .join('|')})`,
      )
    : null;

  const pieces = (word: string, ids: number[]) => {
    const chars = [...word];
    if (chars.length > maxChars) return void ids.push(unk);
    const found: number[] = [];
    for (let start = 0; start < chars.length; ) {
      let end = chars.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = vocab.get((start > 0 ? prefix : '') + chars.slice(start, end).join(''));
        if (id !== undefined) break;
      }
      if (id === undefined) return void ids.push(unk);
      found.push(id);
      start = end;
    }
    ids.push(...found);
  };

  const maxLength = json.truncation?.max_length;
  return {
    maxLength: typeof maxLength === 'number' && maxLength > 2 ? maxLength : undefined,
    encode(input) {
      const ids = [cls];
      for (const part of splitter ? input.split(splitter) : [input]) {
        const special = addedIds.get(part);
        if (special !== undefined) ids.push(special);
        else for (const word of words(normalize(part))) pieces(word, ids);
      }
      ids.push(sep);
      return ids;
    },
  };
}
