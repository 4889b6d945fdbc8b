/**
 * Columns made ready for comparison: values normalised for their kind and re-coded, so that two records agree
 * exactly when their codes are equal. Name columns share one set of codes (a given name can be compared with a
 * family name, to see names given in the other order), and so do text columns (address lines swapped).
 */
import { normalizeDate, inferDateOrder } from './dates.js';
import type { ComparedKind } from './kinds.js';
import { formalName, type Nicknames } from './nicknames.js';
import { normalizeCode, normalizeName, normalizeText, squash } from './normalize.js';
import { nysiis } from './nysiis.js';
import type { RecordTable } from './record-table.js';

/** The normalised values shared by the fields of one group (all names, all text, or one other column). */
export interface ValueSpace {
  readonly values: string[];
  /** Names: the NYSIIS code of each value, as an index into `phoneticCodes`; -1 when it has none. */
  readonly phonetic: Int32Array;
  readonly phoneticCodes: string[];
}

export interface PreparedField {
  readonly column: string;
  readonly kind: ComparedKind;
  readonly space: ValueSpace;
  /** The code (in `space`) of each record's value; -1 when it is empty. */
  readonly codes: Int32Array;
  /** Records holding each value of `space`, in this field. */
  readonly counts: Int32Array;
  /** Records with a value in this field. */
  readonly present: number;
}

export interface FieldRequest {
  readonly column: string;
  readonly kind: ComparedKind;
}

/**
 * Prepares the fields to compare, in the order given. With `nicknames`, a name and its nicknames get one phonetic
 * code (that of the group's name): they compare as names that sound alike, and block together.
 */
export function prepareFields(
  table: RecordTable,
  requests: readonly FieldRequest[],
  nicknames?: Nicknames,
): PreparedField[] {
  const shared = new Map<string, SpaceBuilder>();
  const built = requests.map((request) => {
    const column = table.columns.indexOf(request.column);
    if (column < 0) throw new Error(`no column ${request.column}`);
    const group = request.kind === 'name' || request.kind === 'text' ? request.kind : `column:${request.column}`;
    let space = shared.get(group);
    if (!space) {
      space = new SpaceBuilder(request.kind === 'name', nicknames);
      shared.set(group, space);
    }
    const normalize = normalizer(request.kind, table.values[column]!);
    const remap = Int32Array.from(table.values[column]!, (raw) => {
      const value = normalize(raw);
      return value === '' ? -1 : space.code(value);
    });
    const source = table.codes[column]!;
    const codes = new Int32Array(table.size);
    for (let record = 0; record < table.size; record += 1) {
      const code = source[record]!;
      codes[record] = code < 0 ? -1 : remap[code]!;
    }
    return { request, space, codes };
  });
  const spaces = new Map([...shared.values()].map((builder) => [builder, builder.build()]));
  return built.map(({ request, space, codes }) => {
    const built = spaces.get(space)!;
    const counts = new Int32Array(built.values.length);
    let present = 0;
    for (const code of codes) {
      if (code < 0) continue;
      counts[code]! += 1;
      present += 1;
    }
    return { column: request.column, kind: request.kind, space: built, codes, counts, present };
  });
}

function normalizer(kind: ComparedKind, rawValues: readonly string[]): (raw: string) => string {
  switch (kind) {
    case 'name':
      return normalizeName;
    case 'text':
      return (raw) => squash(normalizeText(raw));
    case 'code':
    case 'id':
      return normalizeCode;
    case 'date': {
      const order = inferDateOrder(rawValues);
      return (raw) => normalizeDate(raw, order) ?? normalizeCode(raw);
    }
  }
}

class SpaceBuilder {
  private readonly codes = new Map<string, number>();
  private readonly values: string[] = [];

  constructor(
    private readonly phonetic: boolean,
    private readonly nicknames: Nicknames | undefined,
  ) {}

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  build(): ValueSpace {
    const phoneticCodes: string[] = [];
    const phonetic = new Int32Array(this.values.length).fill(-1);
    if (this.phonetic) {
      const index = new Map<string, number>();
      this.values.forEach((value, code) => {
        const key = nysiis(formalName(value, this.nicknames));
        if (key === '') return;
        let id = index.get(key);
        if (id === undefined) {
          id = phoneticCodes.length;
          index.set(key, id);
          phoneticCodes.push(key);
        }
        phonetic[code] = id;
      });
    }
    return { values: this.values, phonetic, phoneticCodes };
  }
}
