import { expose, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import { fromWireError, toWireError } from '../../src/runtime/shared/errors/error-transfer.ts';
import * as errors from '../../src/runtime/shared/errors/errors.ts';
import {
  AbortError,
  ERROR_CLASSES,
  type ErrorClass,
  InPageError,
  isAbortError,
  ModelNotFoundError,
  QuotaExceededError,
  WorkerCrashedError,
} from '../../src/runtime/shared/errors/errors.ts';
import { say } from '../../src/runtime/shared/errors/said.ts';

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

describe('the error registry', () => {
  // The names of every InPageError subclass that errors.ts exports: each must be in ERROR_CLASSES.
  const exported = Object.values(errors).filter(
    (value: unknown): value is ErrorClass => typeof value === 'function' && value.prototype instanceof InPageError,
  );

  it('lists every exported error class, each with its own name and code', () => {
    expect(exported.length).toBeGreaterThan(20);
    expect(new Set(ERROR_CLASSES)).toEqual(new Set(exported));
    const made = ERROR_CLASSES.map((Class) => new Class('x'));
    expect(new Set(made.map((e) => e.name)).size).toBe(made.length);
    expect(new Set(made.map((e) => e.code)).size).toBe(made.length);
  });

  it.each(ERROR_CLASSES.map((Class) => [new Class('').name, Class] as const))(
    '%s crosses the worker boundary with its class, code, words and next steps',
    async (_name, Class) => {
      const { port1, port2 } = new MessageChannel();
      const thrown = new Class(say('httpNotFound', { url: 'https://h/m.gguf', status: 404 }), { nextSteps: ['cpu', 'cloud'], fatal: true });
      expose({ fail: () => Promise.reject(thrown) }, port1);
      const api = wrap<{ fail(): Promise<void> }>(port2);
      const error = await api.fail().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).toMatchObject({
        code: thrown.code,
        message: 'There is no model at https://h/m.gguf (HTTP 404). Check the address, or pick a model from the list.',
        said: { key: 'httpNotFound', params: { url: 'https://h/m.gguf', status: 404 } },
        details: { nextSteps: ['cpu', 'cloud'], fatal: true },
      });
      port1.close();
      port2.close();
    },
  );
});
