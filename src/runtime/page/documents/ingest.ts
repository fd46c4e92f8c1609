/** A file into the document index, for the app and the library alike: read here, split into passages, embedded and stored by the worker. */

import type { DocumentRecord } from '../../shared/documents/types.ts';
import type { EmbeddingModelSpec as ModelSpec } from '../../shared/engine.ts';
import type { IndexProgress } from '../../shared/protocol.ts';
import type { WorkerBridge } from '../bridge/worker-bridge.ts';
import { chunkParts } from './chunk.ts';
import { extractDocument } from './extract.ts';

export interface IngestOptions {
  /** The conversation it belongs to; null for the library's (and the documents panel's) shared index. */
  conversationId?: string | null | undefined;
  signal?: AbortSignal | undefined;
  /** Progress, with the number of passages the file was split into. */
  onProgress?: ((progress: IndexProgress, passages: number) => void) | undefined;
}

export async function ingestDocument(
  bridge: WorkerBridge,
  model: ModelSpec,
  file: File,
  { conversationId = null, signal, onProgress }: IngestOptions = {},
): Promise<DocumentRecord> {
  const { kind, parts } = await extractDocument(file);
  const chunks = chunkParts(parts);
  const document = {
    id: crypto.randomUUID(),
    name: file.name,
    kind,
    bytes: file.size,
    pages: kind === 'pdf' ? parts.length : undefined,
    conversationId,
    createdAt: Date.now(),
  };
  return bridge.run('indexDocument', [model, document, chunks], { signal, onReport: onProgress && ((p) => onProgress(p, chunks.length)) });
}
