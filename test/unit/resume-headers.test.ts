import { describe, expect, it } from 'vitest';
import { parseContentRange, publishedSha256 } from '../../src/runtime/worker/store/model-download.ts';

const SHA = `${'a'.repeat(62)}bc`;

describe('what a server says about a file', () => {
  it('reads a Content-Range, and nothing that is not one', () => {
    expect(parseContentRange('bytes 33554432-98446431/98446432')).toEqual({ start: 33554432, end: 98446431, total: 98446432 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    expect(parseContentRange(null)).toBeNull();
    expect(parseContentRange('bytes */100')).toBeNull();
    expect(parseContentRange('items 0-9/10')).toBeNull();
  });

  it('finds a published sha256 in X-Linked-ETag, a strong or weak ETag, or Repr-Digest', () => {
    expect(publishedSha256(new Headers({ 'X-Linked-ETag': `"${SHA}"` }))).toBe(SHA);
    expect(publishedSha256(new Headers({ ETag: `W/"${SHA.toUpperCase()}"` }))).toBe(SHA);
    const base64 = Buffer.from(SHA, 'hex').toString('base64');
    expect(publishedSha256(new Headers({ 'Repr-Digest': `sha-256=:${base64}:` }))).toBe(SHA);
  });

  it('reads the LFS object id from a Hugging Face CDN address, and only there', () => {
    const cdn = `https://cdn-lfs.huggingface.co/repos/00/20/002016f4/${SHA}?response-content-disposition=attachment`;
    expect(publishedSha256(new Headers(), cdn)).toBe(SHA);
    expect(publishedSha256(new Headers(), `https://example.org/repos/x/${SHA}`)).toBeUndefined();
  });

  it('does not mistake an ordinary ETag (an MD5, a version) for a sha256', () => {
    expect(publishedSha256(new Headers({ ETag: '"d41d8cd98f00b204e9800998ecf8427e"' }))).toBeUndefined();
    expect(publishedSha256(new Headers({ ETag: '"v2-1234"' }))).toBeUndefined();
    expect(publishedSha256(new Headers())).toBeUndefined();
  });
});
