/**
 * The document index, in the runtime worker: embeds chunks with the embedding model, stores them
 * whole or not at all, and searches them by brute-force cosine (see ../documents/vectors.ts).
 */

import type { ChunkText, DocumentRecord, Passage } from '../../shared/documents/types.ts';
import type { EmbeddingModelSpec as ModelSpec } from '../../shared/engine.ts';
import { AbortError, InvalidRequestError } from '../../shared/errors/errors.ts';
import { say } from '../../shared/errors/said.ts';
import { EMBEDDING_MODELS, embeddingModelFrom } from '../../shared/models/embedding-models.ts';
import type { IndexProgress, NewDocument } from '../../shared/protocol.ts';
import { type DocumentContent, deleteDocument, getDocument, getDocumentContent, saveDocument } from '../../shared/store/document-store.ts';
import { ensureRoom } from '../../shared/store/storage-check.ts';
import type { Embedder } from './embedder.ts';
import { embedFitting, embedQuery } from './fit-chunks.ts';
import { quantize, topK, type VectorBlock } from './vectors.ts';

export type { IndexProgress, NewDocument } from '../../shared/protocol.ts';

/** Texts per embedding call between progress reports and cancellation checks. */
const BATCH = 8;

/** The model a document was indexed with: `model`, an embedding model InPage knows, or an ONNX or GGUF file by its address. */
function indexedWith(id: string, model: ModelSpec): ModelSpec | undefined {
  if (id === model.id) return model;
  const known = EMBEDDING_MODELS.find((m) => m.id === id);
  if (known) return known;
  if (!/^https?:\/\/\S+$/.test(id)) return undefined;
  try {
    const byAddress = embeddingModelFrom(id);
    return byAddress.engine !== 'web-llm' && byAddress.id === id ? byAddress : undefined;
  } catch {
    return undefined;
  }
}

export class DocumentIndex {
  /** The embedder for a model: ONNX Runtime for ONNX models, llama.cpp for GGUF files, web-llm for MLC models. */
  private readonly embedderFor: (model: ModelSpec) => Embedder;
  /** Content read for a search, kept for the next one: documents never change once stored. */
  private readonly cache = new Map<string, DocumentContent>();

  constructor(embedderFor: (model: ModelSpec) => Embedder) {
    this.embedderFor = embedderFor;
  }

  async index(
    model: ModelSpec,
    document: NewDocument,
    chunks: ChunkText[],
    { signal, onProgress }: { signal: AbortSignal; onProgress?: ((p: IndexProgress) => void) | undefined },
  ): Promise<DocumentRecord> {
    if (!chunks.length) throw new InvalidRequestError(say('noTextToIndex', { name: document.name }));
    const embedder = this.embedderFor(model);
    await embedder.load(model, { signal, onProgress: (progress) => onProgress?.({ phase: 'model', progress }) });
    const vectors: Float32Array[] = [];
    // A chunk too long for the model is indexed as shorter parts (see fit-chunks.ts): these are what is stored.
    const indexed: ChunkText[] = [];
    const fitting = { oneByOne: false };
    onProgress?.({ phase: 'embed', done: 0, total: chunks.length });
    for (let i = 0; i < chunks.length; i += BATCH) {
      if (signal.aborted) throw new AbortError(say('indexingCancelled', { name: document.name }));
      const batch = await embedFitting(embedder, chunks.slice(i, i + BATCH), signal, fitting);
      indexed.push(...batch.chunks);
      vectors.push(...batch.vectors);
      onProgress?.({ phase: 'embed', done: Math.min(i + BATCH, chunks.length), total: chunks.length });
    }
    const dims = vectors[0]?.length ?? 0;
    const block = quantize(vectors, dims);
    const textBytes = indexed.reduce((n, c) => n + c.text.length * 2, 0);
    await ensureRoom(textBytes + block.values.byteLength + block.scales.byteLength, document.name, 0, 'index');
    const record: DocumentRecord = { ...document, chunks: indexed.length, embeddingModel: model.id, dims };
    await saveDocument(record, { chunks: indexed, vectors: block });
    this.cache.set(record.id, { chunks: indexed, vectors: block });
    return record;
  }

  /**
   * The `k` chunks of `documentIds` nearest to `query`, best first. Each document is searched with the
   * model it was indexed with, where that is `model` or one InPage knows (an earlier default).
   */
  async search(model: ModelSpec, documentIds: readonly string[], query: string, k: number, signal?: AbortSignal): Promise<Passage[]> {
    const byModel = new Map<string, { model: ModelSpec; documents: { record: DocumentRecord; content: DocumentContent }[] }>();
    for (const id of documentIds) {
      const record = await getDocument(id);
      if (!record) continue;
      const own = indexedWith(record.embeddingModel, model);
      if (!own) throw new InvalidRequestError(say('otherEmbeddingModel', { name: record.name, model: record.embeddingModel }));
      const content = this.cache.get(id) ?? (await getDocumentContent(id));
      if (!content) continue;
      this.cache.set(id, content);
      const group = byModel.get(own.id) ?? { model: own, documents: [] };
      group.documents.push({ record, content });
      byModel.set(own.id, group);
    }
    const found: Passage[] = [];
    for (const { model: own, documents } of byModel.values()) {
      const embedder = this.embedderFor(own);
      await embedder.load(own, { signal });
      const vector = await embedQuery(embedder, query, signal);
      if (!vector) continue;
      const blocks: VectorBlock[] = documents.map((d) => d.content.vectors);
      for (const { block, index, score } of topK(vector, blocks, k)) {
        const { record, content } = documents[block] as (typeof documents)[number];
        const chunk = content.chunks[index] as ChunkText;
        found.push({ documentId: record.id, name: record.name, chunk: index, ...chunk, score });
      }
    }
    return found.sort((a, b) => b.score - a.score).slice(0, k);
  }

  async remove(id: string): Promise<void> {
    this.cache.delete(id);
    await deleteDocument(id);
  }
}
