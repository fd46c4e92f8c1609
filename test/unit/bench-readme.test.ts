/** docs/performance.md's benchmark tables are the committed bench record's, made by bench/readme.ts, never typed by hand. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCH_DOC, TABLES, tableText, withBenchTables } from '../../bench/readme.ts';

const doc = readFileSync(BENCH_DOC, 'utf8');
const record = JSON.parse(readFileSync('bench/results.json', 'utf8'));

describe(`${BENCH_DOC}’s benchmark tables`, () => {
  it('are the ones bench/results.json makes', () => {
    expect(tableText(doc)).toBe(tableText(withBenchTables(doc, record)));
  });

  it('each appear once, so none can be left behind', () => {
    for (const name of Object.keys(TABLES)) expect(doc.split(`<!-- bench:${name} -->`)).toHaveLength(2);
  });

  it('are nowhere else: the README links to them instead', () => {
    expect(readFileSync('README.md', 'utf8')).not.toContain('<!-- bench:');
  });

  it('change when a figure in the record does', () => {
    const changed = { ...record, token_path_ratio: 0.5 };
    expect(tableText(withBenchTables(doc, changed))).not.toBe(tableText(doc));
    expect(withBenchTables(doc, changed)).toContain('**0.5**');
  });

  it('name what the page lacks', () => {
    expect(() => withBenchTables(doc.replace('<!-- bench:quant -->', ''), record)).toThrow(
      /docs\/performance\.md has no <!-- bench:quant -->/,
    );
  });
});
