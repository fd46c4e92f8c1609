import { type TransferHandler, transferHandlers } from 'comlink';
import { chunkCountOf, withChunkCount } from '../ordered-stream.ts';
import { ERROR_CLASSES, type ErrorDetails, InPageError } from './errors.ts';
import { isSaid, type Said } from './said.ts';

/** The classes by name, as the page rebuilds them. */
const classes = new Map(ERROR_CLASSES.map((Class) => [new Class('').name, Class]));

/** An error as plain data, for postMessage. */
export interface WireError {
  name: string;
  message: string;
  stack?: string | undefined;
  details?: ErrorDetails | undefined;
  said?: Said | undefined;
  /** Chunks of a streamed reply sent before the error (see ordered-stream.ts). */
  streamedChunks?: number | undefined;
}

export function toWireError(error: Error): WireError {
  const ours = error instanceof InPageError;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    details: ours ? error.details : undefined,
    said: ours ? error.said : undefined,
    streamedChunks: chunkCountOf(error) || undefined,
  };
}

/** Rebuilds our named classes so `instanceof` works on the page; other errors keep their name. */
export function fromWireError(wire: WireError): Error {
  const Class = classes.get(wire.name);
  const error = Class
    ? new Class(isSaid(wire.said) ? wire.said : wire.message, wire.details ?? {})
    : Object.assign(new Error(wire.message), { name: wire.name });
  if (wire.stack) error.stack = wire.stack;
  return wire.streamedChunks ? withChunkCount(error, wire.streamedChunks) : error;
}

type Thrown = { value: unknown };
type Serialized = { isError: true; value: WireError } | { isError: false; value: unknown };

/**
 * comlink carries only name, message and stack of a thrown Error; this keeps `details` too and
 * rebuilds our classes on the receiving side. Import it on both sides of the worker boundary.
 */
const stock = transferHandlers.get('throw') as TransferHandler<Thrown, Serialized>;
if (stock && !('inpage' in stock)) {
  const handler: TransferHandler<Thrown, Serialized> & { inpage: true } = {
    inpage: true,
    canHandle: (value): value is Thrown => stock.canHandle(value),
    serialize: ({ value }) =>
      value instanceof Error ? [{ isError: true, value: toWireError(value) }, []] : [{ isError: false, value }, []],
    deserialize: (serialized) => {
      throw serialized.isError ? fromWireError(serialized.value) : serialized.value;
    },
  };
  transferHandlers.set('throw', handler);
}
