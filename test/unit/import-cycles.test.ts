import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const RUNTIME = join(SRC, 'runtime');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

interface Edge {
  target: string;
  /** `import type` (or every name marked `type`): erased, so nothing of the target runs where the importer does. */
  typeOnly: boolean;
  /** `new Worker(new URL(…, import.meta.url))`: the target starts a bundle of its own. */
  entry: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?'(\.[^']+)'/gm;
const WORKER_URL = /new URL\(\s*'(\.[^']+)'\s*,\s*import\.meta\.url\s*\)/g;

/** Each file's relative imports (type imports included: a cycle of types is still two rooms leaning on each other). */
function graph(): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const at = (spec: string) => resolve(dirname(file), spec.replace(/\?.*$/, ''));
    const imports = [...text.matchAll(IMPORT)].map((m): Edge => {
      const names = m[3]?.trim() ?? '';
      const allTypes =
        /^\{[^}]*\}$/s.test(names) &&
        names
          .slice(1, -1)
          .split(',')
          .every((n) => !n.trim() || n.trim().startsWith('type '));
      return { target: at(m[4] as string), typeOnly: m[2] !== undefined || (names !== '' && allTypes), entry: false };
    });
    const workers = [...text.matchAll(WORKER_URL)].map((m): Edge => ({ target: at(m[1] as string), typeOnly: false, entry: true }));
    edges.set(
      file,
      [...imports, ...workers].filter((e) => /\.tsx?$/.test(e.target)),
    );
  }
  return edges;
}

function cycles(edges: Map<string, Edge[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const { target: next, entry } of edges.get(file) ?? []) {
      if (entry) continue;
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)).map((f) => relative(SRC, f)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return found;
}

/** Where a file runs: the runtime's worker, its page side, code both share, or a face (app, library, widget, AI SDK). */
function placeOf(file: string): 'worker' | 'page' | 'shared' | 'face' {
  const inRuntime = relative(RUNTIME, file);
  if (inRuntime.startsWith('..')) return 'face';
  return (inRuntime.split('/')[0] as 'worker' | 'page' | 'shared' | undefined) ?? 'face';
}

const edgeList = (edges: Map<string, Edge[]>) =>
  [...edges].flatMap(([file, targets]) => targets.map((edge) => ({ file, ...edge, from: placeOf(file), to: placeOf(edge.target) })));
const show = (e: { file: string; target: string }) => `${relative(SRC, e.file)} → ${relative(SRC, e.target)}`;

describe('the source tree', () => {
  const edges = graph();

  it('has no import cycles', () => {
    expect(edges.size).toBeGreaterThan(100);
    expect(cycles(edges)).toEqual([]);
  });

  it('has nothing loose at the runtime’s root but its index: code sits in page/, worker/ or shared/', () => {
    const loose = readdirSync(RUNTIME).filter((name) => !['page', 'worker', 'shared', 'index.ts'].includes(name));
    expect(loose).toEqual([]);
  });

  it('runs no worker code on the page: the page starts a worker by its entry and may name its API’s type, nothing more', () => {
    const all = edgeList(edges);
    expect(all.some((e) => e.to === 'worker' && e.entry)).toBe(true);
    const offenders = all.filter((e) => e.to === 'worker' && e.from !== 'worker' && !e.entry && !(e.typeOnly && isEntry(e.target)));
    expect(offenders.map(show)).toEqual([]);
  });

  it('keeps shared code free of page and worker code, and the worker free of page code and the faces', () => {
    const offenders = edgeList(edges).filter(
      (e) => (e.from === 'shared' && e.to !== 'shared') || (e.from === 'worker' && (e.to === 'page' || e.to === 'face')),
    );
    expect(offenders.map(show)).toEqual([]);
  });
});

/** A worker's entry: a file some page code starts with `new Worker(new URL(…))`. */
function isEntry(file: string): boolean {
  return [...graph().values()].some((targets) => targets.some((t) => t.entry && t.target === file));
}
