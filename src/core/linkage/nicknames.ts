/**
 * Nicknames: the short forms people give instead of the name they were registered with (Thomas → Tommy), which no
 * spelling or sound comparison can see. A country (or whoever cleans a register) knows its own: Civitas ships none,
 * and the comparison of names learns nothing false from a list it was not given. Read from a CSV of `name,nickname`
 * rows; the names of one row, and of rows that share a name, form one group ("chris" joins Christopher and
 * Christine), and a name in a group is compared as the group's formal name: the first, in alphabetical order, of
 * its names given in the `name` column.
 *
 * @example
 * const nicknames = parseNicknames('name,nickname\nThomas,Tommy\nThomas,Tom\n', 'nicknames.csv');
 * formalName('tommy banda', nicknames); // 'thomas banda'
 */
import { CsvParser, CsvSyntaxError } from './csv-parser.js';
import { normalizeName } from './normalize.js';

/** Each known name (normalised, one word) to the name its group is compared as. */
export type Nicknames = ReadonlyMap<string, string>;

export class NicknamesError extends Error {}

export function parseNicknames(text: string, file: string): Nicknames {
  const parent = new Map<string, string>();
  const root = (name: string): string => {
    let at = name;
    while (parent.get(at) !== at) at = parent.get(at)!;
    parent.set(name, at);
    return at;
  };
  const join = (a: string, b: string) => {
    for (const name of [a, b]) if (!parent.has(name)) parent.set(name, name);
    const [ra, rb] = [root(a), root(b)];
    // The smaller name leads, so that the group's name does not depend on the order of the rows.
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const formal = new Set<string>();
  let header: string[] | undefined;
  const parser = new CsvParser((values, line) => {
    if (!header) {
      header = values.map((value) => value.toLowerCase());
      if (header.length !== 2 || header[0] !== 'name' || header[1] !== 'nickname') {
        throw new NicknamesError(`${file}, line ${line}: the header must be name,nickname (got ${values.join(',')})`);
      }
      return;
    }
    if (values.length !== 2) {
      throw new NicknamesError(`${file}, line ${line}: expected 2 values (name,nickname), got ${values.length}`);
    }
    const [name, nickname] = values.map(normalizeName) as [string, string];
    for (const [column, value] of [
      ['name', name],
      ['nickname', nickname],
    ] as const) {
      if (value === '' || value.includes(' ')) {
        throw new NicknamesError(`${file}, line ${line}: ${column} must be one name (got "${value}")`);
      }
    }
    join(name, nickname);
    formal.add(name);
  });
  try {
    parser.push(text);
    parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new NicknamesError(`${file}, line ${error.line}: ${error.message}`);
    throw error;
  }
  if (!header) throw new NicknamesError(`${file}: empty; the header must be name,nickname`);
  const label = new Map<string, string>();
  for (const name of [...formal].sort()) if (!label.has(root(name))) label.set(root(name), name);
  return new Map([...parent.keys()].map((name) => [name, label.get(root(name))!]));
}

/** A normalised name with each word that has a group replaced by the group's name. */
export function formalName(name: string, nicknames: Nicknames | undefined): string {
  if (!nicknames || nicknames.size === 0) return name;
  return name
    .split(' ')
    .map((word) => nicknames.get(word) ?? word)
    .join(' ');
}
