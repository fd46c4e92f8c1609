/**
 * A reader for the header of a GGUF file (llama.cpp's model format): enough to tell a model from
 * a web page or a truncated download before llama.cpp sees it, and to know the file's true size.
 */

export * from './gguf-format.ts';

import {
  GGML_TYPE_SIZES,
  GGUF_MAGIC,
  GgufFormatError,
  type GgufHeader,
  GgufNeedMoreBytes,
  type GgufScalar,
  type GgufTensorInfo,
  type GgufValue,
  GgufValueType,
} from './gguf-format.ts';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

class Reader {
  private offset = 0;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get position(): number {
    return this.offset;
  }

  private take(n: number): number {
    if (this.offset + n > this.bytes.byteLength) throw new GgufNeedMoreBytes(`need ${this.offset + n} bytes`);
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8 = () => this.view.getUint8(this.take(1));
  i8 = () => this.view.getInt8(this.take(1));
  u16 = () => this.view.getUint16(this.take(2), true);
  i16 = () => this.view.getInt16(this.take(2), true);
  u32 = () => this.view.getUint32(this.take(4), true);
  i32 = () => this.view.getInt32(this.take(4), true);
  f32 = () => this.view.getFloat32(this.take(4), true);
  f64 = () => this.view.getFloat64(this.take(8), true);
  i64 = () => this.view.getBigInt64(this.take(8), true);

  /** A uint64 that must fit in a JS number (counts, lengths, offsets). */
  size(what: string): number {
    const value = this.view.getBigUint64(this.take(8), true);
    if (value > MAX_SAFE) throw new GgufFormatError(`${what} is implausibly large (${value})`);
    return Number(value);
  }

  u64(): number | bigint {
    const value = this.view.getBigUint64(this.take(8), true);
    return value > MAX_SAFE ? value : Number(value);
  }

  string(what: string): string {
    const length = this.size(`length of ${what}`);
    const at = this.take(length);
    return this.decoder.decode(this.bytes.subarray(at, at + length));
  }

  skip(n: number): void {
    this.take(n);
  }
}

const FIXED_WIDTH: Readonly<Record<number, number>> = {
  [GgufValueType.UINT8]: 1,
  [GgufValueType.INT8]: 1,
  [GgufValueType.BOOL]: 1,
  [GgufValueType.UINT16]: 2,
  [GgufValueType.INT16]: 2,
  [GgufValueType.UINT32]: 4,
  [GgufValueType.INT32]: 4,
  [GgufValueType.FLOAT32]: 4,
  [GgufValueType.UINT64]: 8,
  [GgufValueType.INT64]: 8,
  [GgufValueType.FLOAT64]: 8,
};

function readScalar(r: Reader, type: number, key: string): GgufScalar {
  switch (type) {
    case GgufValueType.UINT8:
      return r.u8();
    case GgufValueType.INT8:
      return r.i8();
    case GgufValueType.UINT16:
      return r.u16();
    case GgufValueType.INT16:
      return r.i16();
    case GgufValueType.UINT32:
      return r.u32();
    case GgufValueType.INT32:
      return r.i32();
    case GgufValueType.FLOAT32:
      return r.f32();
    case GgufValueType.BOOL:
      return r.u8() !== 0;
    case GgufValueType.STRING:
      return r.string(key);
    case GgufValueType.UINT64:
      return r.u64();
    case GgufValueType.INT64:
      return r.i64();
    case GgufValueType.FLOAT64:
      return r.f64();
    default:
      throw new GgufFormatError(`metadata "${key}" has unknown value type ${type}`);
  }
}

function readValue(r: Reader, type: number, key: string): GgufValue {
  if (type !== GgufValueType.ARRAY) return readScalar(r, type, key);
  const itemType = r.u32();
  const length = r.size(`length of array "${key}"`);
  const width = FIXED_WIDTH[itemType];
  if (width !== undefined) r.skip(width * length);
  else if (itemType === GgufValueType.STRING) for (let i = 0; i < length; i++) r.string(key);
  else throw new GgufFormatError(`array "${key}" has unsupported item type ${itemType}`);
  return { itemType, length };
}

/** True when the first bytes carry the GGUF signature. */
export function hasGgufMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === GGUF_MAGIC;
}

/** Bytes of one tensor's data, or undefined when its type is unknown here. */
export function tensorByteLength(type: number, dims: readonly number[]): number | undefined {
  const size = GGML_TYPE_SIZES[type];
  if (!size) return undefined;
  const elements = dims.reduce((a, b) => a * b, 1);
  return (elements / size[1]) * size[0];
}

/**
 * Parse a GGUF header from the start of a file.
 * @throws GgufNeedMoreBytes when `bytes` ends before the header does
 * @throws GgufFormatError when the bytes are not a usable GGUF header
 */
export function parseGgufHeader(bytes: Uint8Array): GgufHeader {
  const r = new Reader(bytes);
  if (bytes.byteLength >= 4 && !hasGgufMagic(bytes)) throw new GgufFormatError('no GGUF signature');
  r.u32();
  const version = r.u32();
  if (version < 2 || version > 3) throw new GgufFormatError(`GGUF version ${version} is not supported`);
  const tensorCount = r.size('tensor count');
  const kvCount = r.size('metadata count');
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = r.string('metadata key');
    metadata.set(key, readValue(r, r.u32(), key));
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string('tensor name');
    const nDims = r.u32();
    if (nDims > 4) throw new GgufFormatError(`tensor "${name}" has ${nDims} dimensions`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(r.size(`dimension of "${name}"`));
    const type = r.u32();
    const offset = r.size(`offset of "${name}"`);
    tensors.push({ name, dims, type, offset, byteLength: tensorByteLength(type, dims) });
  }
  const alignValue = metadata.get('general.alignment');
  const alignment = typeof alignValue === 'number' && alignValue > 0 ? alignValue : 32;
  const dataOffset = Math.ceil(r.position / alignment) * alignment;
  let end = 0;
  let known = true;
  for (const t of tensors) {
    if (t.byteLength === undefined) known = false;
    else end = Math.max(end, t.offset + t.byteLength);
  }
  return { version, metadata, tensors, alignment, dataOffset, minFileSize: known ? dataOffset + end : undefined };
}

/** A metadata string, or undefined. */
export function metaString(header: GgufHeader, key: string): string | undefined {
  const value = header.metadata.get(key);
  return typeof value === 'string' ? value : undefined;
}

/** A metadata number, or undefined. */
export function metaNumber(header: GgufHeader, key: string): number | undefined {
  const value = header.metadata.get(key);
  return typeof value === 'number' ? value : undefined;
}
