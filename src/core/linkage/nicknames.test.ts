import { describe, expect, it } from 'vitest';
import { formalName, NicknamesError, parseNicknames } from './nicknames.js';
import { findDuplicates } from './pipeline.js';
import { recordTable, valueOf } from './record-table.js';
import { FAMILY_REGISTER, FAMILY_REGISTER_DUPLICATES } from './test-people.js';

const NICKNAMES = `name,nickname
Margaret,Peggy
Margaret,Maggie
Christopher,Chris
Christine,Chris
"Zoë",Zoe
`;

describe('nicknames', () => {
  it('groups a name with its nicknames, and names that share a nickname, under the group’s first formal name', () => {
    const nicknames = parseNicknames(NICKNAMES, 'nicknames.csv');
    expect(formalName('peggy', nicknames)).toBe('margaret');
    expect(formalName('maggie banda', nicknames)).toBe('margaret banda');
    expect(formalName('margaret', nicknames)).toBe('margaret');
    // Christine and Christopher share "chris": one group, named by its first formal name.
    expect(['chris', 'christopher', 'christine'].map((name) => formalName(name, nicknames))).toEqual([
      'christine',
      'christine',
      'christine',
    ]);
    expect(formalName('zoe', nicknames)).toBe('zoe');
    expect(formalName('mwansa', nicknames)).toBe('mwansa');
    // The order of the rows does not change the groups.
    const reversed = parseNicknames(
      ['name,nickname', ...NICKNAMES.trim().split('\n').slice(1).reverse()].join('\n'),
      'r',
    );
    expect([...reversed].sort()).toEqual([...nicknames].sort());
  });

  it('refuses a malformed file with its line: header, number of values, more than one name', () => {
    const refused = (text: string) => {
      try {
        parseNicknames(text, 'n.csv');
      } catch (error) {
        expect(error).toBeInstanceOf(NicknamesError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused('')).toBe('n.csv: empty; the header must be name,nickname');
    expect(refused('formal,short\nThomas,Tom\n')).toBe(
      'n.csv, line 1: the header must be name,nickname (got formal,short)',
    );
    expect(refused('name,nickname\nThomas,Tom\nThomas\n')).toBe(
      'n.csv, line 3: expected 2 values (name,nickname), got 1',
    );
    expect(refused('name,nickname\nThomas,Tom\n\nMary Ann,Annie\n')).toBe(
      'n.csv, line 4: name must be one name (got "mary ann")',
    );
    expect(refused('name,nickname\nThomas,"Tom\n')).toMatch(/^n\.csv, line 2: /);
  });

  it('lets the engine find a child entered under a nickname, and still keeps twins apart', () => {
    // Margaret and Peggy Phiri: one child (same birth date, mother and address) entered under her nickname. With no
    // nickname list they look like twins (different given names), and twins are not duplicates.
    const [header, ...rows] = `${FAMILY_REGISTER.trim()}
31,Margaret,Phiri,2020-02-02,Ruth Phiri,9 School Road,Mzuzu
32,Peggy,Phiri,2020-02-02,Ruth Phiri,9 School Road,Mzuzu`
      .split('\n')
      .map((line) => line.split(','));
    const register = recordTable(header!, rows);
    const pairsOf = (result: ReturnType<typeof findDuplicates>) =>
      Array.from(
        result.pairs.a,
        (a, index) => `${valueOf(register, 0, a)}-${valueOf(register, 0, result.pairs.b[index]!)}`,
      )
        .map((pair) =>
          pair
            .split('-')
            .sort((x, y) => Number(x) - Number(y))
            .join('-'),
        )
        .sort();
    const without = pairsOf(findDuplicates(register, { idColumn: 'id' }));
    expect(without).toEqual([...FAMILY_REGISTER_DUPLICATES].sort());
    const withNicknames = pairsOf(
      findDuplicates(register, { idColumn: 'id', nicknames: parseNicknames(NICKNAMES, 'nicknames.csv') }),
    );
    expect(withNicknames).toEqual([...FAMILY_REGISTER_DUPLICATES, '31-32'].sort());
  });
});
