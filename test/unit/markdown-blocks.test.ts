import { describe, expect, it } from 'vitest';
import { splitBlocks } from '../../src/ui/markdown/render.ts';

describe('splitBlocks', () => {
  it('splits at blank lines', () => {
    expect(splitBlocks('# Title\n\nA paragraph\nstill it.\n\n- a\n- b')).toEqual(['# Title', 'A paragraph\nstill it.', '- a\n- b']);
  });

  it('keeps a fenced code block whole, blank lines and all, even while it is still open', () => {
    const text = 'Intro\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter';
    expect(splitBlocks(text)).toEqual(['Intro', '```js\nconst a = 1;\n\nconst b = 2;\n```', 'After']);
    expect(splitBlocks('```py\nx = 1\n\ny')).toEqual(['```py\nx = 1\n\ny']);
  });

  it('closes a fence only with the same marker, at least as long', () => {
    expect(splitBlocks('````\n```\n\nstill code\n````\n\nout')).toEqual(['````\n```\n\nstill code\n````', 'out']);
  });
});
