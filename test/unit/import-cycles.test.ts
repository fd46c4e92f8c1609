import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Each file's relative imports (type imports included: a cycle of types is still two rooms leaning on each other). */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?from\s+)?'(\.[^']+)'/gm)].map((m) =>
      resolve(dirname(file), m[1] as string),
    );
    edges.set(
      file,
      targets.filter((t) => /\.tsx?$/.test(t)),
    );
  }
  return edges;
}

function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)).map((f) => f.slice(SRC.length + 1)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the source tree', () => {
  it('has no import cycles', () => {
    const edges = graph();
    expect(edges.size).toBeGreaterThan(100);
    expect(cycles(edges)).toEqual([]);
  });

  it('the page imports nothing from the worker, not even types: what crosses is in protocol.ts', () => {
    const offenders = [...graph()].flatMap(([file, targets]) =>
      file.includes('/runtime/worker/')
        ? []
        : targets.filter((t) => t.includes('/runtime/worker/')).map((t) => `${file.slice(SRC.length + 1)} → ${t.slice(SRC.length + 1)}`),
    );
    expect(offenders).toEqual([]);
  });
});
