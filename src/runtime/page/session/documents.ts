/**
 * The private document index, for the app and the library alike: add (read here, embedded and stored
 * by the worker), list, search and delete, all with the one embedding model the face resolves.
 */

import type { DocumentRecord, Passage } from '../../shared/documents/types.ts';
import type { EmbeddingModelSpec } from '../../shared/engine.ts';
import { InvalidRequestError } from '../../shared/errors/errors.ts';
import { listDocuments } from '../../shared/store/document-store.ts';
import type { WorkerBridge } from '../bridge/worker-bridge.ts';
import { type IngestOptions, ingestDocument } from '../documents/ingest.ts';

export interface DocumentIndex {
  add(file: File, options?: IngestOptions): Promise<DocumentRecord>;
  list(): Promise<DocumentRecord[]>;
  /** The `k` passages nearest to `query` in `documents` (every document when absent), nearest first. */
  search(
    query: string,
    options?: { k?: number | undefined; documents?: readonly string[] | undefined; signal?: AbortSignal | undefined },
  ): Promise<Passage[]>;
  delete(id: string): Promise<void>;
}

/** `embeddingModel` is asked at each call: the face's setting may change, and a bad one is said by the call that needs it. */
export function createDocumentIndex(bridge: WorkerBridge, embeddingModel: () => EmbeddingModelSpec): DocumentIndex {
  return {
    add: (file, options) => ingestDocument(bridge, embeddingModel(), file, options),
    list: () => listDocuments(),
    async search(query, { k = 6, documents, signal } = {}) {
      if (typeof query !== 'string' || !query.trim()) throw new InvalidRequestError('documents.search: give the text to look for.');
      const ids = documents ?? (await listDocuments()).map((d) => d.id);
      return bridge.run('searchDocuments', [embeddingModel(), [...ids], query, k], { signal });
    },
    delete: (id) => bridge.call('deleteDocument', id),
  };
}
