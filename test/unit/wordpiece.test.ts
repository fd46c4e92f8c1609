import { describe, expect, it } from 'vitest';
import { InvalidModelError } from '../../src/runtime/shared/errors/errors.ts';
import { wordPieceFrom } from '../../src/runtime/worker/engines/onnx/wordpiece.ts';
import { bertTokenIds, bertTokenizerJson } from '../fixtures/bert-model.ts';

const tokenizer = wordPieceFrom(bertTokenizerJson(), 'bge');
const [CLS, SEP, UNK, MASK] = [101, 102, 100, 103];

describe('the WordPiece tokenizer read from tokenizer.json', () => {
  it('gives the ids llama.cpp gives the same vocabulary, for English, digits, punctuation and Ukrainian', () => {
    for (const text of ['hello world', 'Hello, World! 42', 'привіт, світе', 'є ґанок і двір', "it's $5 (or ~4)…", '  spaced\n\nout\t '])
      expect(tokenizer.encode(text), text).toEqual(bertTokenIds(text));
  });

  it('strips accents and lower-cases as BertNormalizer does: й becomes и, é becomes e', () => {
    expect(tokenizer.encode('Мій КРАЙ')).toEqual(bertTokenIds('міи краи'));
    expect(tokenizer.encode('Café')).toEqual(tokenizer.encode('cafe'));
  });

  it('drops control characters and reads other whitespace as spaces', () => {
    expect(tokenizer.encode('\u0007hello\u00a0world\u000bfoo\u200b')).toEqual(bertTokenIds('hello worldfoo'));
  });

  it('makes an unknown word, or a word over 100 characters, one [UNK]; spaces each CJK ideograph as a word of its own', () => {
    expect(tokenizer.encode('abc☃def ok')).toEqual([CLS, UNK, ...bertTokenIds('ok').slice(1)]);
    expect(tokenizer.encode('a'.repeat(101))).toEqual([CLS, UNK, SEP]);
    expect(tokenizer.encode('a'.repeat(100))).toHaveLength(102);
    expect(tokenizer.encode('你好')).toEqual([CLS, UNK, UNK, SEP]);
  });

  it('reads special tokens written in the text as themselves', () => {
    const [, a] = bertTokenIds('a');
    const [, b] = bertTokenIds('b');
    expect(tokenizer.encode('a [MASK] b')).toEqual([CLS, a, MASK, b, SEP]);
  });

  it("names the model's window where the tokenizer's truncation does", () => {
    expect(tokenizer.maxLength).toBe(512);
    const json = JSON.parse(bertTokenizerJson());
    json.truncation = null;
    expect(wordPieceFrom(JSON.stringify(json), 'x').maxLength).toBeUndefined();
  });

  it('takes [CLS] and [SEP] from a BertProcessing post-processor too', () => {
    const json = JSON.parse(bertTokenizerJson());
    json.post_processor = { type: 'BertProcessing', sep: ['[SEP]', 7], cls: ['[CLS]', 9] };
    const ids = wordPieceFrom(JSON.stringify(json), 'x').encode('hi');
    expect([ids[0], ids.at(-1)]).toEqual([9, 7]);
  });

  it('refuses what is not a WordPiece tokenizer.json by name, with what to use instead', () => {
    const refused = (text: string) => {
      try {
        wordPieceFrom(text, 'e5');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidModelError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused('<!doctype html><p>Not found')).toMatch(/^e5 is not a tokenizer\.json file\./);
    expect(refused('{"version":"1.0"}')).toMatch(/^e5 is not a tokenizer\.json file\./);
    expect(refused('{"model":{"type":"Unigram","vocab":[["<s>",0]]}}')).toBe(
      'e5 uses a Unigram tokenizer; InPage reads WordPiece (BERT-family) tokenizers for ONNX embedding models. Use a BERT-family model (BGE, GTE, MiniLM, Arctic embed), or its GGUF file.',
    );
  });
});
