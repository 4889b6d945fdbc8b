/**
 * Records as the linkage engine holds them: one column of small integers per field, each the code of a distinct
 * value, so a million records cost a few megabytes per column and two equal values are two equal integers.
 *
 * @example
 * const table = recordTable(['id', 'surname'], [['1', 'Smith'], ['2', 'Smith ']]);
 * table.codes[1]![0] === table.codes[1]![1]; // true: values are trimmed
 */

export interface RecordTable {
  readonly columns: readonly string[];
  readonly size: number;
  /** Per column, the code of each record's value; -1 when it is empty. */
  readonly codes: readonly Int32Array[];
  /** Per column, the distinct values by code. */
  readonly values: readonly (readonly string[])[];
}

export class RecordTableBuilder {
  private readonly dictionaries: Map<string, number>[];
  private readonly distinct: string[][];
  private codes: Int32Array[];
  private count = 0;

  constructor(readonly columns: readonly string[]) {
    this.dictionaries = columns.map(() => new Map());
    this.distinct = columns.map(() => []);
    this.codes = columns.map(() => new Int32Array(1024));
  }

  get size(): number {
    return this.count;
  }

  /** Adds one record; `row` has one value per column, in the order of `columns`. */
  add(row: readonly string[]): void {
    if (this.count === this.codes[0]!.length) {
      this.codes = this.codes.map((column) => {
        const grown = new Int32Array(column.length * 2);
        grown.set(column);
        return grown;
      });
    }
    for (let column = 0; column < this.columns.length; column += 1) {
      const value = (row[column] ?? '').trim();
      let code = -1;
      if (value !== '') {
        const dictionary = this.dictionaries[column]!;
        code = dictionary.get(value) ?? -1;
        if (code < 0) {
          code = this.distinct[column]!.length;
          dictionary.set(value, code);
          this.distinct[column]!.push(value);
        }
      }
      this.codes[column]![this.count] = code;
    }
    this.count += 1;
  }

  build(): RecordTable {
    return {
      columns: this.columns,
      size: this.count,
      codes: this.codes.map((column) => column.slice(0, this.count)),
      values: this.distinct,
    };
  }
}

export function recordTable(columns: readonly string[], rows: Iterable<readonly string[]>): RecordTable {
  const builder = new RecordTableBuilder(columns);
  for (const row of rows) builder.add(row);
  return builder.build();
}

/** A record's value in a column ('' when empty). */
export function valueOf(table: RecordTable, column: number, record: number): string {
  const code = table.codes[column]![record]!;
  return code < 0 ? '' : table.values[column]![code]!;
}

/**
 * Both tables' records in one, `first` then `second`, with the columns of `first` (matched by name in `second`; a
 * column it lacks is empty there), so that equal values share a code across the two.
 */
export function concatTables(first: RecordTable, second: RecordTable): RecordTable {
  const size = first.size + second.size;
  const codes: Int32Array[] = [];
  const values: string[][] = [];
  first.columns.forEach((column, index) => {
    const merged = [...first.values[index]!];
    const dictionary = new Map(merged.map((value, code) => [value, code]));
    const combined = new Int32Array(size);
    combined.set(first.codes[index]!);
    const other = second.columns.indexOf(column);
    if (other < 0) {
      combined.fill(-1, first.size);
    } else {
      const remap = second.values[other]!.map((value) => {
        let code = dictionary.get(value);
        if (code === undefined) {
          code = merged.length;
          merged.push(value);
          dictionary.set(value, code);
        }
        return code;
      });
      const source = second.codes[other]!;
      for (let record = 0; record < second.size; record += 1) {
        const code = source[record]!;
        combined[first.size + record] = code < 0 ? -1 : remap[code]!;
      }
    }
    codes.push(combined);
    values.push(merged);
  });
  return { columns: first.columns, size, codes, values };
}
