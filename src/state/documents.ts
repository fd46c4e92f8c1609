/**
 * The user's documents: attaching (read here, embedded and stored by the worker), listing, deleting,
 * and the passages a question retrieves. Nothing of a document ever leaves the page, except passages
 * the user agrees to send to the cloud.
 */
import { signal } from '@preact/signals';
import { type Said, saidOf } from '../runtime/shared/errors/said.ts';

export { sourceOf, withPassages } from '../runtime/page/documents/cite.ts';

import type { DocumentRecord, Passage } from '../runtime/shared/documents/types.ts';
import type { LoadProgress } from '../runtime/shared/engine.ts';
import { isAbortError } from '../runtime/shared/errors/errors.ts';
import { embeddingModel } from './embedding-model.ts';
import { loadedModel, selectedModel, session } from './runtime.ts';
import { settings } from './settings.ts';

export interface Indexing {
  name: string;
  phase: 'reading' | 'model' | 'embed' | 'saving';
  done: number;
  total: number;
  /** While the embedding model downloads. */
  progress?: LoadProgress | undefined;
  /** While passages are embedded: how many a second so far, once the first batch is done. */
  perSecond?: number | undefined;
}

export const documents = signal<DocumentRecord[]>([]);
export const indexing = signal<Indexing | null>(null);
/** Files that could not be indexed, each with its own reason; cleared when the user dismisses them. */
export const documentProblems = signal<{ name: string; said: Said }[]>([]);
let cancelling: AbortController | null = null;

export async function refreshDocuments(): Promise<void> {
  documents.value = await session.documents.list();
}

/** The documents attached to this conversation alone (not the library's), oldest first. */
export function ownDocuments(conversationId: string): DocumentRecord[] {
  return documents.value.filter((d) => d.conversationId === conversationId).sort((a, b) => a.createdAt - b.createdAt);
}

/** What a conversation searches: its own documents and the library's. */
export function documentsOf(conversationId: string): DocumentRecord[] {
  return documents.value.filter((d) => d.conversationId === conversationId || d.conversationId === null);
}

let queue: Promise<void> = Promise.resolve();

/** Reads, embeds and stores each file, after any still being indexed; a file that fails is reported by name and leaves nothing behind. */
export function attachFiles(files: readonly File[], conversationId: string | null): Promise<void> {
  queue = queue.then(() => indexFiles(files, conversationId));
  return queue;
}

/** Passages a second since `since`, once some are done and enough time has passed to say. */
function rate(done: number, since: number): number | undefined {
  const seconds = (performance.now() - since) / 1000;
  return done > 0 && seconds > 0.2 ? done / seconds : undefined;
}

function report(name: string, error: unknown): void {
  documentProblems.value = [...documentProblems.value, { name, said: saidOf(error) }];
}

async function indexFiles(files: readonly File[], conversationId: string | null): Promise<void> {
  try {
    embeddingModel(); // a bad ?embed= is said for each file, before any is read
  } catch (error) {
    for (const file of files) report(file.name, error);
    return;
  }
  const controller = new AbortController();
  cancelling = controller;
  try {
    for (const file of files) {
      if (controller.signal.aborted) break;
      indexing.value = { name: file.name, phase: 'reading', done: 0, total: 0 };
      // When embedding began, for the rate and the time left (a download of the model before it does not count).
      let embedding = 0;
      try {
        const record = await session.documents.add(file, {
          conversationId,
          signal: controller.signal,
          onProgress: (p, passages) => {
            if (p.phase !== 'model' && !embedding) embedding = performance.now();
            indexing.value =
              p.phase === 'model'
                ? { name: file.name, phase: 'model', done: 0, total: passages, progress: p.progress }
                : {
                    name: file.name,
                    phase: p.done === p.total ? 'saving' : 'embed',
                    done: p.done,
                    total: p.total,
                    perSecond: rate(p.done, embedding),
                  };
          },
        });
        documents.value = [...documents.value, record];
      } catch (error) {
        if (isAbortError(error)) break;
        report(file.name, error);
      }
    }
  } finally {
    if (cancelling === controller) cancelling = null;
    indexing.value = null;
  }
}

export function cancelIndexing(): void {
  cancelling?.abort();
}

export async function removeDocument(id: string): Promise<void> {
  await session.documents.delete(id);
  documents.value = documents.value.filter((d) => d.id !== id);
}

/** Deletes a conversation's own documents (not the library's), when the conversation goes. */
export async function removeDocumentsOf(conversationId: string): Promise<void> {
  for (const d of documents.value.filter((d) => d.conversationId === conversationId)) await removeDocument(d.id);
}

/** Passages considered per question; fewer are sent when they do not fit the budget. */
const TOP_K = 6;

/** Tokens the passages may take: half of what the context leaves after the reply (text is counted at 3 characters a token). */
function passageBudgetChars(): number {
  const context = loadedModel.value?.contextLength ?? selectedModel.value.contextLength ?? 4096;
  return Math.max(600, Math.floor(((context - settings.value.maxTokens) / 2) * 3));
}

/** The passages of the conversation's documents nearest to `question` that fit the context budget, numbered from 1. */
export async function findPassages(conversationId: string, question: string, signal?: AbortSignal): Promise<Passage[]> {
  const ids = documentsOf(conversationId).map((d) => d.id);
  if (!ids.length || !question.trim()) return [];
  const found = await session.documents.search(question, { documents: ids, k: TOP_K, signal });
  const kept: Passage[] = [];
  let room = passageBudgetChars();
  for (const p of found) {
    if (p.text.length > room) continue;
    room -= p.text.length;
    kept.push(p);
  }
  return kept;
}
