/** Documents, their chunks and the passages a reply cites: plain data, stored and sent to the worker. */

/** Stored vectors as int8 with one scale each (see worker/documents/vectors.ts). */
export interface VectorBlock {
  dims: number;
  /** count × dims values, each vector scaled so its largest magnitude is 127. */
  values: Int8Array;
  scales: Float32Array;
}

export type DocumentKind = 'text' | 'markdown' | 'html' | 'pdf';

/** Text read from a file: one part per PDF page, one part for any other file. */
export interface ExtractedPart {
  /** PDF pages count from 1; other files have no pages. */
  page?: number | undefined;
  text: string;
}

/** A piece of a document small enough to embed, with where it came from. */
export interface ChunkText {
  text: string;
  page?: number | undefined;
  /** Character offsets in its page's (or file's) text. */
  start: number;
  end: number;
}

export interface DocumentRecord {
  id: string;
  name: string;
  kind: DocumentKind;
  bytes: number;
  pages?: number | undefined;
  chunks: number;
  /** The conversation it was attached to, or null for the library (searched in every conversation). */
  conversationId: string | null;
  /** The embedding model its vectors came from, and their length: a query must use the same. */
  embeddingModel: string;
  dims: number;
  createdAt: number;
}

/** A chunk found for a question, with its score and source; what a reply cites. */
export interface Passage {
  documentId: string;
  name: string;
  chunk: number;
  text: string;
  page?: number | undefined;
  start: number;
  end: number;
  score: number;
}
