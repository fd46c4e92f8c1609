/**
 * Which of ggml's dot-product kernels in llama.cpp's WebAssembly builds use SIMD128: each function is
 * found by its name (the builds keep a name section) and its code decoded instruction by instruction,
 * counting the SIMD ones (0xFD prefix). Decoding, not byte search: 0xFD also occurs inside immediates.
 */
import { readFileSync } from 'node:fs';

class Cursor {
  at = 0;
  readonly b: Uint8Array;
  constructor(b: Uint8Array) {
    this.b = b;
  }
  byte(): number {
    const v = this.b[this.at++];
    if (v === undefined) throw new Error('WebAssembly ends mid-instruction');
    return v;
  }
  /** An unsigned or signed LEB128, skipped or read (as a number, exact up to 2^53). */
  leb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return result;
    }
  }
  skip(n: number): void {
    this.at += n;
  }
  name(): string {
    const n = this.leb();
    const s = new TextDecoder().decode(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
}

const memarg = (c: Cursor) => {
  const align = c.leb();
  if (align & 0x40) c.leb(); // a memory index follows (multi-memory)
  c.leb();
};

function blockType(c: Cursor): void {
  const b = c.b[c.at] as number;
  if (b === 0x40 || (b >= 0x6a && b <= 0x7f) || b === 0x63 || b === 0x64) {
    c.skip(1);
    if (b === 0x63 || b === 0x64) c.leb(); // (ref null? ht)
  } else c.leb(); // a type index (s33)
}

/** SIMD instructions and all instructions in one function body. */
function countSimd(body: Uint8Array): { simd: number; all: number } {
  const c = new Cursor(body);
  const groups = c.leb();
  for (let i = 0; i < groups; i++) {
    c.leb();
    const t = c.byte();
    if (t === 0x63 || t === 0x64) c.leb();
  }
  let simd = 0;
  let all = 0;
  while (c.at < body.length) {
    const op = c.byte();
    all++;
    if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06) blockType(c);
    else if (op === 0x1f) {
      blockType(c);
      const n = c.leb();
      for (let i = 0; i < n; i++) {
        const kind = c.byte();
        if (kind < 2) c.leb();
        c.leb();
      }
    } else if ([0x07, 0x08, 0x09, 0x0c, 0x0d, 0x10, 0x12, 0x14, 0x15, 0x18, 0xd2, 0xd4, 0xd6, 0x25, 0x26, 0x3f, 0x40].includes(op)) c.leb();
    else if (op >= 0x20 && op <= 0x24) c.leb();
    else if (op === 0x0e) {
      const n = c.leb();
      for (let i = 0; i <= n; i++) c.leb();
    } else if (op === 0x11 || op === 0x13) {
      c.leb();
      c.leb();
    } else if (op === 0x1c) {
      const n = c.leb();
      for (let i = 0; i < n; i++) c.byte();
    } else if (op >= 0x28 && op <= 0x3e) memarg(c);
    else if (op === 0x41 || op === 0x42) c.leb();
    else if (op === 0x43) c.skip(4);
    else if (op === 0x44) c.skip(8);
    else if (op === 0xd0) blockType(c);
    else if (op === 0xfc) {
      const sub = c.leb();
      if ([8, 10, 12, 14].includes(sub)) {
        c.leb();
        c.leb();
      } else if (sub >= 9 && sub <= 17) c.leb();
    } else if (op === 0xfd) {
      simd++;
      const sub = c.leb();
      if (sub <= 11 || sub === 92 || sub === 93) memarg(c);
      else if (sub === 12 || sub === 13) c.skip(16);
      else if (sub >= 21 && sub <= 34) c.skip(1);
      else if (sub >= 84 && sub <= 91) {
        memarg(c);
        c.skip(1);
      }
    } else if (op === 0xfe) {
      const sub = c.leb();
      if (sub === 3) c.skip(1);
      else memarg(c);
    } else if (op === 0xfb) throw new Error('GC instructions are not decoded here');
  }
  return { simd, all };
}

/** Every defined function's name and SIMD count, from a module's bytes. */
export function simdByFunction(bytes: Uint8Array): Map<string, { simd: number; all: number }> {
  const c = new Cursor(bytes);
  c.skip(8);
  let imported = 0;
  const bodies: Uint8Array[] = [];
  const names = new Map<number, string>();
  while (c.at < bytes.length) {
    const id = c.byte();
    const size = c.leb();
    const end = c.at + size;
    if (id === 2) {
      const n = c.leb();
      for (let i = 0; i < n; i++) {
        c.name();
        c.name();
        const kind = c.byte();
        if (kind === 0) {
          imported++;
          c.leb();
        } else if (kind === 1 || kind === 2) {
          if (kind === 1) c.byte();
          const flags = c.byte();
          c.leb();
          if (flags & 1) c.leb();
        } else if (kind === 3) c.skip(2);
        else if (kind === 4) {
          c.byte();
          c.leb();
        }
      }
    } else if (id === 10) {
      const n = c.leb();
      for (let i = 0; i < n; i++) {
        const len = c.leb();
        bodies.push(bytes.subarray(c.at, c.at + len));
        c.skip(len);
      }
    } else if (id === 0 && c.name() === 'name') {
      while (c.at < end) {
        const sub = c.byte();
        const len = c.leb();
        const subEnd = c.at + len;
        if (sub === 1) {
          const n = c.leb();
          for (let i = 0; i < n; i++) names.set(c.leb(), c.name());
        }
        c.at = subEnd;
      }
    }
    c.at = end;
  }
  const out = new Map<string, { simd: number; all: number }>();
  bodies.forEach((body, i) => {
    const name = names.get(imported + i);
    if (name) out.set(name, countSimd(body));
  });
  return out;
}

/** The kernels for the types the catalog uses or could, per build: SIMD instructions / all instructions. */
export function kernelReport(builds: Record<string, string>, kernels: readonly string[]) {
  const found = Object.fromEntries(Object.entries(builds).map(([build, path]) => [build, simdByFunction(readFileSync(path))]));
  return Object.fromEntries(
    kernels.map((kernel) => [
      kernel,
      Object.fromEntries(
        Object.entries(found).map(([build, fns]) => {
          const f = fns.get(kernel);
          return [build, f ? { simd_instructions: f.simd, instructions: f.all } : null];
        }),
      ),
    ]),
  );
}
