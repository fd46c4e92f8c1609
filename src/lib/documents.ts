/**
 * runtime.documents: a private index of the page's own documents, in this browser. Files are read
 * here, embedded by the embedding model in the worker, and searched there; nothing is uploaded.
 */

import type { DocumentIndex } from '../runtime/page/session/documents.ts';
import { InvalidRequestError } from '../runtime/shared/errors/errors.ts';
import type { DocumentInput, Documents } from './types.ts';

/** A File as is; plain text given by name becomes one. */
function fileOf(input: DocumentInput): File {
  if (input instanceof File) return input;
  if (typeof input?.name !== 'string' || typeof input.text !== 'string')
    throw new InvalidRequestError('documents.add: give a File, or { name, text }.', { param: 'input' });
  return new File([input.text], input.name, { type: 'text/plain' });
}

export function createDocuments(index: DocumentIndex): Documents {
  return {
    add: async (input, { signal, onProgress } = {}) =>
      index.add(fileOf(input), { signal, onProgress: onProgress && ((p) => onProgress(p)) }),
    list: () => index.list(),
    search: (query, { k = 6, documents, signal } = {}) => index.search(query, { k, documents, signal }),
    delete: (id) => index.delete(id),
  };
}
