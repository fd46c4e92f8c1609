/** Browser storage failures as named errors a user can act on; the browser's own text is kept in `details`. */
import { formatBytes } from '../bytes.ts';
import { QuotaExceededError, StorageError } from '../errors.ts';

/** What was being stored: the message names it, so a full disk during a chat is not blamed on a model. */
export type Stored = 'model' | 'conversation' | 'key' | 'document';

export function storageError(error: unknown, savedBytes = 0, stored: Stored = 'model'): Error {
  if (error instanceof DOMException && error.name === 'QuotaExceededError' && stored !== 'model') {
    return new QuotaExceededError("The browser's storage is full. Free up disk space or delete a downloaded model, then try again.", {
      savedBytes: 0,
    });
  }
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    const when = savedBytes > 0 ? ` after ${formatBytes(savedBytes)}` : '';
    return new QuotaExceededError(
      `This browser ran out of room for the model${when}, so nothing of it was kept. Free up disk space or delete other downloaded models, then try again.`,
      { savedBytes },
    );
  }
  if (error instanceof DOMException) {
    return new StorageError(
      `This browser's storage is not working for InPage. Private windows and blocked site data prevent saving ${stored}s; ` +
        'allow site data for this page, or reload and try again.',
      { cause: `${error.name}: ${error.message}` },
    );
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
