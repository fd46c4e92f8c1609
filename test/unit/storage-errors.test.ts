import { describe, expect, it } from 'vitest';
import { QuotaExceededError, StorageError } from '../../src/runtime/shared/errors/errors.ts';
import { guard, storageError } from '../../src/runtime/shared/store/storage-errors.ts';

const full = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('storage errors', () => {
  it('names what was being stored, so a full disk during a chat is not blamed on a model', () => {
    const model = storageError(full(), 5_000_000);
    const chat = storageError(full(), 0, 'conversation');
    expect(model).toBeInstanceOf(QuotaExceededError);
    expect(model.message).toContain('ran out of room for the model after 5.0 MB');
    expect(chat).toBeInstanceOf(QuotaExceededError);
    expect(chat.message).toBe("The browser's storage is full. Free up disk space or delete a downloaded model, then try again.");
  });

  it('keeps the browser text of other storage failures as details', () => {
    const error = storageError(new DOMException('Connection is closing.', 'InvalidStateError'), 0, 'conversation');
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toContain('prevent saving conversations');
    expect((error as StorageError).details).toEqual({ cause: 'InvalidStateError: Connection is closing.' });
  });

  it('passes non-storage errors through unchanged', async () => {
    const bug = new TypeError('not a storage problem');
    await expect(guard(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
