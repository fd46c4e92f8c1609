/** What every format's walk shares: the error, bounds checks, byte readers and the list of kept slices. */

/** A picture whose container cannot be walked: cut short (`cut`), a bad checksum, or not a picture at all. */
export class MalformedPictureError extends Error {
  override name = 'MalformedPictureError';
  /** The file ends before the picture does (a transfer cut short), rather than holding something else. */
  readonly cut: boolean;
  constructor(message: string, { cut = false }: { cut?: boolean } = {}) {
    super(message);
    this.cut = cut;
  }
}

/** A walk's result: the slices to keep, in order (subarrays of the input, or small new headers), and what was taken out. */
export interface Walked {
  parts: Uint8Array[];
  /** Labels of what was taken out, each once, in the order first met. */
  removed: Set<string>;
}

/** Throws unless `end` lies within `b`; `what` names the structure that starts at byte `at`. */
export function within(b: Uint8Array, end: number, what: string, at: number): void {
  if (end > b.length) throw new MalformedPictureError(`${what} at byte ${at} runs past the end`, { cut: true });
}

/** Unsigned integers at `at`, big- or little-endian; bytes past the end read as 0, so callers check bounds first. */
export const u16be = (b: Uint8Array, at: number) => (((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)) >>> 0;
export const u16le = (b: Uint8Array, at: number) => ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)) >>> 0;
export const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
export const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;

/** The `length` bytes at `at` as Latin-1 text (chunk types, signatures). */
export function text(b: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...b.subarray(at, at + length));
}

/** Whether `b` holds `signature` (Latin-1) at `at`. */
export function has(b: Uint8Array, at: number, signature: string): boolean {
  for (let i = 0; i < signature.length; i++) if (b[at + i] !== signature.charCodeAt(i)) return false;
  return true;
}

/** `value` as four bytes, little-endian (RIFF) or big-endian (PNG, TIFF). */
export function u32bytes(value: number, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, littleEndian);
  return out;
}

/** The slices copied into one new array: the walk's only large allocation. */
export function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
