/** The tokenizer fixtures carry what the "Tokenizer fixtures" table of docs/testing.md says each real file has. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type GgufHeader, metaNumber, metaString, parseGgufHeader } from '../../src/runtime/worker/gguf/gguf.ts';
import { GgmlType } from '../fixtures/gguf-writer.ts';
import { SPELLED_TEXT, writeSpellingModel } from '../fixtures/tiny-model.ts';
import { FAMILIES, type FamilyId, familyVocab, REAL_FAMILIES } from '../fixtures/tokenizer-families.ts';

interface Row {
  id: string;
  name: string;
  model: string;
  pre: string;
  prefix: string;
  bos: string;
  tokens: Record<'BOS' | 'EOS' | 'End of turn', { name: string; id: number }>;
}

/** The table's rows, read from docs/testing.md as a reader sees them. */
function documentedRows(): Row[] {
  const text = readFileSync(new URL('../../docs/testing.md', import.meta.url), 'utf8');
  const table = text.slice(text.search(/^\| Fixture +\| Mirrors/m));
  const lines = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  const token = (cell: string) => {
    const match = /^`(.+)` (\d+)$/.exec(cell.replaceAll('\\|', '|')) as RegExpExecArray;
    return { name: match[1] as string, id: Number(match[2]) };
  };
  return lines.map((line) => {
    const cells = line
      .replaceAll('\\|', '\u0000')
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim().replaceAll('\u0000', '\\|'));
    const [id, , name, modelPre, prefix, bos, first, eos, end] = cells as string[];
    const [model, pre] = (modelPre as string).split(' / ');
    return {
      id: (id as string).replaceAll('`', ''),
      name: name as string,
      model: model as string,
      pre: pre as string,
      prefix: prefix as string,
      bos: bos as string,
      tokens: { BOS: token(first as string), EOS: token(eos as string), 'End of turn': token(end as string) },
    };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'inpage-families-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function header(id: FamilyId): GgufHeader {
  const path = join(dir, `${id}.gguf`);
  writeSpellingModel(path, { layers: 1, embd: 64, ff: 64, heads: 1, type: GgmlType.F16 }, SPELLED_TEXT, false, FAMILIES[id]);
  return parseGgufHeader(new Uint8Array(readFileSync(path)));
}

describe('tokenizer fixtures against docs/testing.md', () => {
  const rows = documentedRows();

  it('lists every real-file family once', () => {
    expect(rows.map((r) => r.id).sort()).toEqual([...REAL_FAMILIES].sort());
  });

  for (const row of rows) {
    it(`${row.id} writes the metadata of ${FAMILIES[row.id as FamilyId]?.mirrors}`, () => {
      const family = FAMILIES[row.id as FamilyId];
      const h = header(row.id as FamilyId);
      const vocab = familyVocab(family);
      expect(metaString(h, 'general.name')).toBe(row.name);
      expect(metaString(h, 'tokenizer.ggml.model')).toBe(row.model);
      expect(metaString(h, 'tokenizer.ggml.pre') ?? '–').toBe(row.pre);
      // "absent": llama.cpp then adds the prefix, as it does for the real file; "–": BPE has no such key.
      const prefix = h.metadata.get('tokenizer.ggml.add_space_prefix');
      expect(prefix === undefined ? (row.model === 'llama' ? 'absent' : '–') : String(prefix)).toBe(row.prefix);
      expect(String(h.metadata.get('tokenizer.ggml.add_bos_token'))).toBe(row.bos);
      // Ids: the real ones for specials placed first, the real offsets from the first added token for those placed last.
      const firstAdded = family.trailing[0];
      const realBase = firstAdded ? Object.values(row.tokens).find((t) => t.name === firstAdded)?.id : undefined;
      const trailing: readonly string[] = family.trailing;
      const fixtureId = (name: string, real: number) =>
        trailing.includes(name) ? real - (realBase as number) + vocab.id(firstAdded as string) : real;
      const written = { BOS: metaNumber(h, 'tokenizer.ggml.bos_token_id'), EOS: metaNumber(h, 'tokenizer.ggml.eos_token_id') };
      for (const [role, { name, id }] of Object.entries(row.tokens)) {
        expect(vocab.tokens[fixtureId(name, id)], `${role} ${name}`).toBe(name);
        if (role !== 'End of turn') expect(written[role as 'BOS' | 'EOS'], role).toBe(fixtureId(name, id));
      }
      expect(family.endOfTurn).toBe(row.tokens['End of turn'].name);
    });
  }
});
