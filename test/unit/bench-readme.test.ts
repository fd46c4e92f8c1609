/** The README's benchmark tables are the committed bench record's, made by bench/readme.ts, never typed by hand. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TABLES, tableText, withBenchTables } from '../../bench/readme.ts';

const readme = readFileSync('README.md', 'utf8');
const record = JSON.parse(readFileSync('bench/results.json', 'utf8'));

describe('the README’s benchmark tables', () => {
  it('are the ones bench/results.json makes', () => {
    expect(tableText(readme)).toBe(tableText(withBenchTables(readme, record)));
  });

  it('each appear once, so none can be left behind', () => {
    for (const name of Object.keys(TABLES)) expect(readme.split(`<!-- bench:${name} -->`)).toHaveLength(2);
  });

  it('change when a figure in the record does', () => {
    const changed = { ...record, token_path_ratio: 0.5 };
    expect(tableText(withBenchTables(readme, changed))).not.toBe(tableText(readme));
    expect(withBenchTables(readme, changed)).toContain('**0.5**');
  });

  it('name what the README lacks', () => {
    expect(() => withBenchTables(readme.replace('<!-- bench:quant -->', ''), record)).toThrow(/bench:quant/);
  });
});
