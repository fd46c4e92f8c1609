import { describe, expect, it } from 'vitest';
import { InvalidModelError } from '../../src/runtime/shared/errors/errors.ts';
import { describeNotGguf, GgufSniffer, readGgufHeader } from '../../src/runtime/worker/gguf/gguf-sniffer.ts';
import { useTinyModelFile } from '../fixtures/tiny-model-file.ts';

const tinyModel = useTinyModelFile();

function feed(sniffer: GgufSniffer, bytes: Uint8Array, piece: number) {
  for (let at = 0; at < bytes.byteLength && !sniffer.header; at += piece) sniffer.push(bytes.subarray(at, at + piece));
}

describe('GgufSniffer', () => {
  it('finds the header however the bytes are split', () => {
    for (const piece of [1, 7, 4096, 1 << 20]) {
      const sniffer = new GgufSniffer('tiny.gguf', null);
      feed(sniffer, tinyModel().subarray(0, 200_000), piece);
      expect(sniffer.header?.tensors.length, `pieces of ${piece}`).toBe(21);
    }
  });

  it('turns away a web page from its first bytes, naming the file and what to use instead', () => {
    const sniffer = new GgufSniffer('model.gguf', 'text/html; charset=utf-8');
    expect(() => sniffer.push(new TextEncoder().encode('<!doctype html><html>'))).toThrow(
      /model\.gguf is a web page, not a model file. Use the file's direct download link/,
    );
  });

  it('reports a file that ends inside its header as incomplete', () => {
    const sniffer = new GgufSniffer('cut.gguf', null);
    sniffer.push(tinyModel().subarray(0, 5000));
    const error = (() => {
      try {
        sniffer.finish();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidModelError);
    expect((error as InvalidModelError).details.reason).toBe('truncated');
    expect((error as Error).message).toMatch(/cut\.gguf ends after 5.0 kB, inside its header/);
  });
});

describe('describeNotGguf', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('tells HTML, JSON and other bytes apart', () => {
    expect(describeNotGguf(bytes('  <html>'), null, 'a')).toMatch(/web page/);
    expect(describeNotGguf(bytes('{"error":"x"}'), 'application/json', 'a')).toMatch(/is JSON/);
    expect(describeNotGguf(new Uint8Array([1, 2, 3, 4]), 'application/octet-stream', 'a')).toMatch(/not a GGUF model/);
    // Binary whose first byte is "{" or "<" (1 in 85 random files) is still binary.
    expect(describeNotGguf(new Uint8Array([0x7b, 0xff, 0x00, 0x91]), 'application/octet-stream', 'a')).toMatch(/not a GGUF model/);
    expect(describeNotGguf(new Uint8Array([0x20, 0x3c, 0x01, 0x02]), null, 'a')).toMatch(/not a GGUF model/);
    expect(describeNotGguf(bytes('\uFEFF{"é": 1}'), null, 'a')).toMatch(/is JSON/);
  });
});

describe('readGgufHeader', () => {
  it('reads the header of a stored Blob', async () => {
    const header = await readGgufHeader(new Blob([tinyModel()]), 'tiny.gguf');
    expect(header.metadata.get('llama.context_length')).toBe(4096);
  });
});
