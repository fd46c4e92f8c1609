/** Writes the test models once per run; each test worker serves them from its own loopback server. */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bertTokenizerJson, writeBertEmbeddingModel } from '../fixtures/bert-model.ts';
import { GgmlType } from '../fixtures/gguf-writer.ts';
import { writeOnnxEmbeddingModel } from '../fixtures/onnx-embedding-model.ts';
import {
  SPELLED_TEXT,
  SPELLING_SHAPE,
  writeEmbeddingModel,
  writeRandomModel,
  writeScriptModel,
  writeSpellingModel,
} from '../fixtures/tiny-model.ts';
import { writeVisionModel } from '../fixtures/tiny-vision-model.ts';
import { FAMILIES, REAL_FAMILIES } from '../fixtures/tokenizer-families.ts';
import { XSS_PIECES } from '../fixtures/xss-model.ts';

export default function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'inpage-e2e-'));
  process.env.TINY_MODEL_PATH = join(dir, 'tiny.gguf');
  writeSpellingModel(process.env.TINY_MODEL_PATH);
  // The spelling model that spells on until max_tokens: a reply that is still being written when a test acts on it.
  process.env.LOOP_MODEL_PATH = join(dir, 'loop.gguf');
  writeSpellingModel(process.env.LOOP_MODEL_PATH, SPELLING_SHAPE, SPELLED_TEXT, true);
  // Several 32 MB chunks of the same spelling model, for resuming downloads (about 100 MB).
  process.env.BIG_MODEL_PATH = join(dir, 'big.gguf');
  writeSpellingModel(process.env.BIG_MODEL_PATH, { layers: 13, embd: 768, ff: 2048, heads: 12, type: GgmlType.Q8_0 });
  // The same model in Q4_0, a type llama.cpp in WebAssembly runs slowly: the app says so.
  process.env.Q4_0_MODEL_PATH = join(dir, 'tiny-q4_0.gguf');
  writeSpellingModel(process.env.Q4_0_MODEL_PATH, { ...SPELLING_SHAPE, type: GgmlType.Q4_0 });
  process.env.XSS_MODEL_PATH = join(dir, 'xss.gguf');
  writeScriptModel(process.env.XSS_MODEL_PATH, XSS_PIECES, undefined, 'InPage hostile-output model');
  // Random weights: every token attends to the whole conversation, so a stale cache would change the reply.
  process.env.CHATTER_MODEL_PATH = join(dir, 'chatter.gguf');
  writeRandomModel(process.env.CHATTER_MODEL_PATH, 8e6);
  // A vision model and its projector: the reply names a picture's dominant colour.
  process.env.VISION_MODEL_PATH = join(dir, 'vision.gguf');
  process.env.VISION_MMPROJ_PATH = join(dir, 'vision-mmproj.gguf');
  writeVisionModel(process.env.VISION_MODEL_PATH, process.env.VISION_MMPROJ_PATH);
  // The same with a 256-token window and 64 tokens a picture: four pictures and a question overflow it.
  process.env.SMALL_VISION_MODEL_PATH = join(dir, 'vision-small.gguf');
  process.env.SMALL_VISION_MMPROJ_PATH = join(dir, 'vision-small-mmproj.gguf');
  writeVisionModel(process.env.SMALL_VISION_MODEL_PATH, process.env.SMALL_VISION_MMPROJ_PATH, { contextLength: 256, image: 112 });
  // Mean-pooled one-hot embeddings: a text's vector is its token histogram, so rankings are known.
  process.env.EMBED_MODEL_PATH = join(dir, 'embed.gguf');
  writeEmbeddingModel(process.env.EMBED_MODEL_PATH);
  // The same job as the real default embedding file does it: BERT, WordPiece, CLS pooling, F32 (bert-model.ts).
  process.env.BERT_EMBED_MODEL_PATH = join(dir, 'embed-bert.gguf');
  writeBertEmbeddingModel(process.env.BERT_EMBED_MODEL_PATH, { layers: 2, type: GgmlType.F32 });
  // The same model as transformers.js publishes bge-small: int8 ONNX and Hugging Face's tokenizer.json.
  process.env.BERT_ONNX_PATH = join(dir, 'bert-int8.onnx');
  writeOnnxEmbeddingModel(process.env.BERT_ONNX_PATH, { layers: 2, int8: true });
  process.env.BERT_TOKENIZER_PATH = join(dir, 'tokenizer.json');
  writeFileSync(process.env.BERT_TOKENIZER_PATH, bertTokenizerJson());
  // The spelling model again with each real file's tokenizer (SentencePiece with the space prefix, byte-level BPE).
  process.env.FAMILY_MODEL_DIR = join(dir, 'family');
  mkdirSync(process.env.FAMILY_MODEL_DIR);
  for (const id of REAL_FAMILIES)
    writeSpellingModel(join(process.env.FAMILY_MODEL_DIR, `${id}.gguf`), SPELLING_SHAPE, SPELLED_TEXT, false, FAMILIES[id]);
  return () => rmSync(dir, { recursive: true, force: true });
}
