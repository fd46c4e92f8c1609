/** The GGUF format as llama.cpp writes it: the signature, value types, ggml tensor types and sizes, and the header's shape. */

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
