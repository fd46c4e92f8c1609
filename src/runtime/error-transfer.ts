import { type TransferHandler, transferHandlers } from 'comlink';
import { fromWireError, toWireError, type WireError } from './errors.ts';

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
