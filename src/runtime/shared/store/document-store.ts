/**
 * Indexed documents in IndexedDB: a small record per document (listed often) and its content (chunks
 * and vectors, read to search). Content is written first and the record last, so a document is
 * listed only once all of it is stored; content left without a record is swept on the next list.
 */
import { del, get, keys, promisifyRequest, set } from 'idb-keyval';
import type { ChunkText, DocumentRecord, VectorBlock } from '../documents/types.ts';
import { openDatabase } from './idb.ts';
import { guard as guardStorage } from './storage-errors.ts';

export interface DocumentContent {
  chunks: ChunkText[];
  vectors: VectorBlock;
}

const guard = <T>(step: () => Promise<T>) => guardStorage(step, 0, 'document');

let stores: ReturnType<typeof openDatabase<'documents' | 'content'>> | undefined;
function db() {
  stores ??= openDatabase('inpage-documents', ['documents', 'content']);
  return stores;
}

/** Every indexed document, oldest first. */
export function listDocuments(): Promise<DocumentRecord[]> {
  return guard(async () => {
    const records = (await db().documents('readonly', (store) => promisifyRequest(store.getAll()))) as DocumentRecord[];
    const listed = new Set(records.map((r) => r.id));
    // A save cut off between its two writes (a closed tab) leaves content no record points to.
    for (const key of await keys(db().content)) if (!listed.has(String(key))) await del(key, db().content);
    return records.sort((a, b) => a.createdAt - b.createdAt);
  });
}

export function getDocumentContent(id: string): Promise<DocumentContent | undefined> {
  return guard(() => get<DocumentContent>(id, db().content));
}

/** Stores a document whole, or (if either write fails) nothing of it. */
export function saveDocument(record: DocumentRecord, content: DocumentContent): Promise<void> {
  return guard(async () => {
    await set(record.id, content, db().content);
    try {
      await set(record.id, record, db().documents);
    } catch (error) {
      await del(record.id, db().content).catch(() => {});
      throw error;
    }
  });
}

export function deleteDocument(id: string): Promise<void> {
  return guard(async () => {
    await del(id, db().documents);
    await del(id, db().content);
  });
}

export function getDocument(id: string): Promise<DocumentRecord | undefined> {
  return guard(() => get<DocumentRecord>(id, db().documents));
}
