/**
 * runtime.documents: a private index of the page's own documents, in this browser. Files are read
 * here, embedded by the embedding model in the worker, and searched there; nothing is uploaded.
 */
import type { WorkerBridge } from '../runtime/bridge.ts';
import { ingestDocument } from '../runtime/documents/ingest.ts';
import type { DocumentRecord, Passage } from '../runtime/documents/types.ts';
import { InvalidRequestError } from '../runtime/errors.ts';
import { listDocuments } from '../runtime/store/document-store.ts';
import { embeddingModelOf } from './embeddings.ts';
import type { DocumentInput, Documents, RuntimeOptions } from './types.ts';

/** A File as is; plain text given by name becomes one. */
function fileOf(input: DocumentInput): File {
  if (input instanceof File) return input;
  if (typeof input?.name !== 'string' || typeof input.text !== 'string')
    throw new InvalidRequestError('documents.add: give a File, or { name, text }.', { param: 'input' });
  return new File([input.text], input.name, { type: 'text/plain' });
}

export function createDocuments(options: RuntimeOptions, bridge: WorkerBridge): Documents {
  return {
    async add(input, { signal, onProgress } = {}) {
      return ingestDocument(bridge, embeddingModelOf(options), fileOf(input), { signal, onProgress: onProgress && ((p) => onProgress(p)) });
    },
    list: (): Promise<DocumentRecord[]> => listDocuments(),
    async search(query, { k = 6, documents, signal } = {}): Promise<Passage[]> {
      if (typeof query !== 'string' || !query.trim()) throw new InvalidRequestError('documents.search: give the text to look for.');
      const ids = documents ?? (await listDocuments()).map((d) => d.id);
      return bridge.searchDocuments(embeddingModelOf(options), [...ids], query, k, signal);
    },
    delete: (id) => bridge.deleteDocument(id),
  };
}
