/** The licence file of a build: which package a bundled module comes from, and that file's notices. */
import { describe, expect, it } from 'vitest';
import { packageOf } from '../../scripts/third-party-licenses.ts';

describe('packageOf', () => {
  it('names the package, scoped or not, nested or not, and nothing for our own modules', () => {
    expect(packageOf('/repo/node_modules/@mlc-ai/web-llm/lib/index.js')).toBe('@mlc-ai/web-llm');
    expect(packageOf('/repo/node_modules/preact/dist/preact.module.js')).toBe('preact');
    expect(packageOf('/repo/node_modules/a/node_modules/@scope/b/index.js')).toBe('@scope/b');
    expect(packageOf('/repo/src/lib/runtime.ts')).toBeNull();
  });
});
