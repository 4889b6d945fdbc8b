/**
 * `civitas dedupe`: the real command on the labelled FEBRL data (../shared/data/febrl, see its README) and on a small
 * birth register with families, scored against the truth; malformed input and wrong flags stop with exit 2 and
 * write nothing.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILY_REGISTER, FAMILY_REGISTER_DUPLICATES } from '../src/core/linkage/test-people.js';
import { runCivitas } from './helpers/process.js';
import { sharedDataDir } from './helpers/shared-data.js';

const DATASET1 = join(sharedDataDir(), 'febrl', 'dataset1.csv');
const folder = mkdtempSync(join(tmpdir(), 'civitas-dedupe-'));

/** rec-10-org and rec-10-dup-0 are one person: the number decides. */
const personOf = (id: string) => id.split('-')[1]!;

function readPairs(file: string): Array<{ a: string; b: string; score: number }> {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  expect(header).toBe('id_a,id_b,score');
  return lines.map((line) => {
    const [a, b, score] = line.split(',');
    return { a: a!, b: b!, score: Number(score) };
  });
}

/** Precision, recall and F1 over all pairs of records of one person. */
function quality(ids: readonly string[], pairs: ReturnType<typeof readPairs>) {
  const sizes = new Map<string, number>();
  for (const id of ids) sizes.set(personOf(id), (sizes.get(personOf(id)) ?? 0) + 1);
  let truth = 0;
  for (const size of sizes.values()) truth += (size * (size - 1)) / 2;
  const hits = pairs.filter((pair) => personOf(pair.a) === personOf(pair.b)).length;
  const precision = hits / pairs.length;
  const recall = hits / truth;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

function febrlIds(file: string): string[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]!.trim());
}

describe('civitas dedupe', () => {
  it('finds the duplicates of FEBRL dataset1 with inferred fields, F1 at least 0.99, and says what it did', async () => {
    const out = join(folder, 'pairs.csv');
    const run = await runCivitas(['dedupe', DATASET1, '--id', 'rec_id', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('given_name: name');
    expect(run.stdout).toContain('date_of_birth: date');
    expect(run.stdout).toContain('soc_sec_id: id');
    expect(run.stdout).toMatch(/records: 1000, candidate pairs: \d+, pairs found: \d+, seconds: [\d.]+/);
    const pairs = readPairs(out);
    for (const pair of pairs) expect(pair.score).toBeGreaterThanOrEqual(0.5);
    for (const pair of pairs) expect(pair.score).toBeLessThanOrEqual(1);
    expect(quality(febrlIds(DATASET1), pairs).f1).toBeGreaterThanOrEqual(0.99);
  });

  it('does as well without the identity number (a newborn has none yet)', async () => {
    const out = join(folder, 'pairs-without-id.csv');
    const fields = 'given_name:name,surname:name,date_of_birth:date,postcode:code,soc_sec_id:ignore';
    const run = await runCivitas(['dedupe', DATASET1, '--id', 'rec_id', '--out', out, '--fields', fields]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('soc_sec_id: ignore');
    expect(run.stdout).toContain('address_1: text (');
    expect(quality(febrlIds(DATASET1), readPairs(out)).f1).toBeGreaterThanOrEqual(0.99);
  });

  it('links the same people across two files with --link', async () => {
    const [header, ...lines] = readFileSync(DATASET1, 'utf8').trim().split('\n');
    const originals = join(folder, 'originals.csv');
    const copies = join(folder, 'copies.csv');
    writeFileSync(originals, [header, ...lines.filter((line) => line.includes('-org'))].join('\n'));
    writeFileSync(copies, [header, ...lines.filter((line) => !line.includes('-org'))].join('\n'));
    const out = join(folder, 'links.csv');
    const run = await runCivitas(['dedupe', originals, '--link', copies, '--id', 'rec_id', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('records: 500 + 500');
    const pairs = readPairs(out);
    for (const pair of pairs) {
      expect(pair.a).toMatch(/-org$/);
      expect(pair.b).toMatch(/-dup-/);
    }
    const hits = pairs.filter((pair) => personOf(pair.a) === personOf(pair.b)).length;
    const precision = hits / pairs.length;
    const recall = hits / 500;
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.99);
  });

  it('keeps brothers, sisters and twins apart, and finds a child entered twice with a year typo or swapped names', async () => {
    const register = join(folder, 'register.csv');
    writeFileSync(register, FAMILY_REGISTER);
    const out = join(folder, 'register-pairs.csv');
    const run = await runCivitas(['dedupe', register, '--id', 'id', '--out', out]);
    expect(run.code).toBe(0);
    const pairs = readPairs(out).map((pair) => [pair.a, pair.b].sort((x, y) => Number(x) - Number(y)).join('-'));
    // 4-5: birth year typed two years off; 7-8: given and family name swapped; 13-14: misspelt family name.
    expect(pairs.sort()).toEqual([...FAMILY_REGISTER_DUPLICATES].sort());
    // Not among them: 1-2 (brother and sister: same family name, mother and address), 10-11 (twins).
  });

  it('takes a list of nicknames: a child entered under her nickname is found; a broken list is refused', async () => {
    const register = join(folder, 'register-nicknames.csv');
    writeFileSync(
      register,
      `${FAMILY_REGISTER.trim()}\n31,Margaret,Phiri,2020-02-02,Ruth Phiri,9 School Road,Mzuzu\n` +
        '32,Peggy,Phiri,2020-02-02,Ruth Phiri,9 School Road,Mzuzu\n',
    );
    const nicknames = join(folder, 'nicknames.csv');
    writeFileSync(nicknames, 'name,nickname\nMargaret,Peggy\nElizabeth,Betty\n');
    const out = join(folder, 'register-nickname-pairs.csv');
    const run = await runCivitas(['dedupe', register, '--id', 'id', '--out', out, '--nicknames', nicknames]);
    expect(run.code).toBe(0);
    const pairs = readPairs(out).map((pair) => [pair.a, pair.b].sort((x, y) => Number(x) - Number(y)).join('-'));
    expect(pairs.sort()).toEqual([...FAMILY_REGISTER_DUPLICATES, '31-32'].sort());

    writeFileSync(nicknames, 'name,nickname\nMargaret,Peggy\nElizabeth\n');
    const never = join(folder, 'never-nicknames.csv');
    const broken = await runCivitas(['dedupe', register, '--id', 'id', '--out', never, '--nicknames', nicknames]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`--nicknames: ${nicknames}, line 3: expected 2 values (name,nickname), got 1`);
    expect(existsSync(never)).toBe(false);
  });

  it('refuses a malformed file with the line of the problem, exit 2, and writes nothing', async () => {
    const broken = join(folder, 'broken.csv');
    const lines = readFileSync(DATASET1, 'utf8').split('\n').slice(0, 12);
    lines[6] = lines[6]!.replace(', ', ', "');
    writeFileSync(broken, lines.join('\n'));
    const out = join(folder, 'never.csv');
    const run = await runCivitas(['dedupe', broken, '--id', 'rec_id', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${broken}: line 7: a quoted value starts here and is never closed`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown kind, a missing column and a threshold outside 0..1, listing what is allowed', async () => {
    const out = join(folder, 'never.csv');
    const kind = await runCivitas(['dedupe', DATASET1, '--id', 'rec_id', '--out', out, '--fields', 'surname:fuzzy']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('"fuzzy" (for surname) is not a kind; kinds: name, date, text, code, id, ignore');
    const column = await runCivitas(['dedupe', DATASET1, '--id', 'record', '--out', out]);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('there is no column record');
    const threshold = await runCivitas(['dedupe', DATASET1, '--id', 'rec_id', '--out', out, '--threshold', '1.5']);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain('--threshold: give a number from 0 to 1');
    expect(existsSync(out)).toBe(false);
  });
});
