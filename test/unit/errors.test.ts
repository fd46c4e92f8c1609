import { expose, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import '../../src/runtime/error-transfer.ts';
import {
  AbortError,
  fromWireError,
  InPageError,
  isAbortError,
  ModelNotFoundError,
  QuotaExceededError,
  toWireError,
  WorkerCrashedError,
} from '../../src/runtime/errors.ts';

describe('wire errors', () => {
  it('round-trips our classes with name, code, message and details', () => {
    const error = new QuotaExceededError('No room left.', { savedBytes: 42 });
    const back = fromWireError(structuredClone(toWireError(error)));
    expect(back).toBeInstanceOf(QuotaExceededError);
    expect(back).toBeInstanceOf(InPageError);
    expect(back).toMatchObject({
      name: 'QuotaExceededError',
      code: 'QUOTA_EXCEEDED',
      message: 'No room left.',
      details: { savedBytes: 42 },
    });
    expect(back.stack).toBe(error.stack);
  });

  it('keeps the name of errors that are not ours', () => {
    const back = fromWireError(toWireError(new TypeError('bad')));
    expect(back.name).toBe('TypeError');
    expect(back.message).toBe('bad');
    expect(fromWireError({ name: 'toString', message: 'x' })).not.toBeInstanceOf(InPageError);
  });

  it('recognises a cancellation from any source', () => {
    expect(isAbortError(new AbortError())).toBe(true);
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(new WorkerCrashedError('x'))).toBe(false);
  });
});

describe('errors across comlink', () => {
  it('rejects on the calling side with the same class and details', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(
      {
        load() {
          throw new ModelNotFoundError('There is no model at x (HTTP 404).', { status: 404 });
        },
        plain() {
          throw new RangeError('out of range');
        },
        value() {
          throw 'a string';
        },
      },
      port1,
    );
    const api = wrap<{ load(): void; plain(): void; value(): void }>(port2);
    const error = await api.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error).toMatchObject({ code: 'MODEL_NOT_FOUND', details: { status: 404 } });
    expect(await api.plain().catch((e: Error) => e.name)).toBe('RangeError');
    expect(await api.value().catch((e: unknown) => e)).toBe('a string');
    port1.close();
    port2.close();
  });
});
