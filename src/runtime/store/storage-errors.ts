/** Browser storage failures as named errors a user can act on; the browser's own text is kept in `details`. */
import { formatBytes } from '../bytes.ts';
import { QuotaExceededError, StorageError } from '../errors.ts';

export function storageError(error: unknown, savedBytes = 0): Error {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    const when = savedBytes > 0 ? ` after ${formatBytes(savedBytes)}` : '';
    return new QuotaExceededError(
      `This browser ran out of room for the model${when}, so nothing of it was kept. Free up disk space or delete other downloaded models, then try again.`,
      { savedBytes },
    );
  }
  if (error instanceof DOMException) {
    return new StorageError(
      "This browser's storage is not working for InPage. Private windows and blocked site data prevent saving models; " +
        'allow site data for this page, or reload and try again.',
      { cause: `${error.name}: ${error.message}` },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs a storage step, turning browser storage failures into named errors. */
export async function guard<T>(step: () => Promise<T>, savedBytes = 0): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw storageError(error, savedBytes);
  }
}
