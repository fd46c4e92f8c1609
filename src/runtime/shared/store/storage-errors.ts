/** Browser storage failures as named errors a user can act on; the browser's own text is kept in `details`. */

import { QuotaExceededError, StorageError } from '../errors/errors.ts';
import { say } from '../errors/said.ts';
import type { StoredThing } from '../words/en.ts';

/** What was being stored: the message names it, so a full disk during a chat is not blamed on a model. */
export type Stored = StoredThing;

export function storageError(error: unknown, savedBytes = 0, stored: Stored = 'model'): Error {
  if (error instanceof DOMException && error.name === 'QuotaExceededError' && stored !== 'model') {
    return new QuotaExceededError(say('storageFull'), { savedBytes: 0 });
  }
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return new QuotaExceededError(say('outOfRoomModel', { saved: savedBytes }), { savedBytes });
  }
  if (error instanceof DOMException) {
    return new StorageError(say('storageBroken', { stored }), { cause: `${error.name}: ${error.message}` });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs a storage step, turning browser storage failures into named errors. */
export async function guard<T>(step: () => Promise<T>, savedBytes = 0, stored: Stored = 'model'): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw storageError(error, savedBytes, stored);
  }
}
