/**
 * A reader for the header of a GGUF file (llama.cpp's model format): enough to tell a model from
 * a web page or a truncated download before llama.cpp sees it, and to know the file's true size.
 */

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32

export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** ggml tensor types: [bytes per block, elements per block]. */
export const GGML_TYPE_SIZES: Readonly<Record<number, readonly [number, number]>> = {
  0: [4, 1], // F32
  1: [2, 1], // F16
  2: [18, 32], // Q4_0
  3: [20, 32], // Q4_1
  6: [22, 32], // Q5_0
  7: [24, 32], // Q5_1
  8: [34, 32], // Q8_0
  9: [36, 32], // Q8_1
  10: [84, 256], // Q2_K
  11: [110, 256], // Q3_K
  12: [144, 256], // Q4_K
  13: [176, 256], // Q5_K
  14: [210, 256], // Q6_K
  15: [292, 256], // Q8_K
  16: [66, 256], // IQ2_XXS
  17: [74, 256], // IQ2_XS
  18: [98, 256], // IQ3_XXS
  19: [50, 256], // IQ1_S
  20: [18, 32], // IQ4_NL
  21: [110, 256], // IQ3_S
  22: [82, 256], // IQ2_S
  23: [136, 256], // IQ4_XS
  24: [1, 1], // I8
  25: [2, 1], // I16
  26: [4, 1], // I32
  27: [8, 1], // I64
  28: [8, 1], // F64
  29: [56, 256], // IQ1_M
  30: [2, 1], // BF16
  34: [54, 256], // TQ1_0
  35: [66, 256], // TQ2_0
  39: [17, 32], // MXFP4
};

export type GgufScalar = number | bigint | boolean | string;
/** Arrays are summarised, not kept: a tokenizer's vocabulary alone is hundreds of kilobytes. */
export interface GgufArraySummary {
  readonly itemType: number;
  readonly length: number;
}
export type GgufValue = GgufScalar | GgufArraySummary;

export interface GgufTensorInfo {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: number;
  readonly offset: number;
  /** Bytes of tensor data, or undefined for a ggml type this reader does not know. */
  readonly byteLength: number | undefined;
}

export interface GgufHeader {
  readonly version: number;
  readonly metadata: ReadonlyMap<string, GgufValue>;
  readonly tensors: readonly GgufTensorInfo[];
  readonly alignment: number;
  /** Where tensor data starts. */
  readonly dataOffset: number;
  /** The smallest file that holds every tensor, or undefined when a tensor type is unknown. */
  readonly minFileSize: number | undefined;
}

/** The buffer ends inside the header: read more of the file and try again. */
export class GgufNeedMoreBytes extends Error {
  override name = 'GgufNeedMoreBytes';
}

/** The bytes are not a GGUF header this reader (and llama.cpp) can use. */
export class GgufFormatError extends Error {
  override name = 'GgufFormatError';
}

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
