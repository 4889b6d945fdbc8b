/**
 * How two records are compared, field by field: each comparison puts a pair in one of a few levels, from exact
 * agreement down to clear disagreement, plus a last level for "a value is missing" that counts neither way.
 *
 * | kind | levels |
 * |---|---|
 * | name | exact · Jaro-Winkler ≥ 0.92 · swapped with another name field · same NYSIIS code · Jaro-Winkler ≥ 0.8 · different |
 * | text | exact (spaces ignored) · Jaro-Winkler ≥ 0.92 · swapped with another text field · Jaro-Winkler ≥ 0.8 · different |
 * | date | exact · one digit off or two swapped · day and month swapped · year 1-3 off (day and month the same or swapped) · different |
 * | code, id | exact · one edit or transposition · different |
 *
 * A swap of two fields counts once, in the first of the two; the second gets the neutral "missing" level.
 */
import { withinOneEdit } from './damerau-levenshtein.js';
import type { PreparedField, ValueSpace } from './fields.js';
import { jaroWinkler, jaroWinklerBound, jaroWinklerCeiling, maskOf } from './jaro-winkler.js';
import type { ComparedKind } from './kinds.js';
import { PairCache } from './pair-cache.js';

export interface Comparison {
  readonly field: PreparedField;
  readonly kind: ComparedKind;
  /** Names of the levels; a pair with a missing value gets level `levels.length`. */
  readonly levels: readonly string[];
  /** The level of a pair of records (indices into the prepared fields). */
  level(a: number, b: number): number;
}

export const LEVELS: Readonly<Record<ComparedKind, readonly string[]>> = {
  name: ['exact', 'jw>=0.92', 'swapped', 'phonetic', 'jw>=0.8', 'different'],
  text: ['exact', 'jw>=0.92', 'swapped', 'jw>=0.8', 'different'],
  date: ['exact', 'one digit off', 'day/month swapped', 'year 1-3 off', 'different'],
  code: ['exact', 'one edit', 'different'],
  id: ['exact', 'one edit', 'different'],
};

/** The comparison of each field; name and text fields look at the other fields of their kind for swaps. */
export function buildComparisons(fields: readonly PreparedField[]): Comparison[] {
  const caches = new Map<ValueSpace, PairCache>();
  const cacheFor = (field: PreparedField) => {
    let cache = caches.get(field.space);
    if (!cache) {
      cache = new PairCache(field.space.values.length, similarityOf(field.kind, field.space));
      caches.set(field.space, cache);
    }
    return cache;
  };
  const shapes = new Map<ValueSpace, { lengths: Int32Array; masks: Int32Array }>();
  const shapeOf = (space: ValueSpace) => {
    let shape = shapes.get(space);
    if (!shape) {
      shape = {
        lengths: Int32Array.from(space.values, (value) => value.length),
        masks: Int32Array.from(space.values, maskOf),
      };
      shapes.set(space, shape);
    }
    return shape;
  };
  // Every record's codes side by side: comparing a pair of records then reads two short rows instead of one place in
  // each of a dozen columns of a million values. (Rows that also held each value's length, mask and sound were
  // slower at a million records: four times the bytes per row, while the per-value arrays stay in the cache.)
  const width = fields.length;
  const rows = recordRows(fields);
  return fields.map((field, position) => {
    const cache = cacheFor(field);
    const partners = fields.filter((other) => other !== field && other.space === field.space);
    const levels = LEVELS[field.kind];
    const missing = levels.length;
    if (field.kind === 'name' || field.kind === 'text') {
      // Similarity classes of the space: 0 exact, 1 ≥ 0.92, then (names) 2 phonetic, 3 ≥ 0.8, 4 different;
      // (text) 3 ≥ 0.8, 4 different. Levels insert "swapped" as 2.
      const partnerColumns = Int32Array.from(partners, (partner) => fields.indexOf(partner));
      // A swap shows in both fields; it is one piece of evidence, so the later field of the two says nothing more.
      const partnerIsEarlier = partners.map((partner) => fields.indexOf(partner) < position);
      const { lengths, masks } = shapeOf(field.space);
      const phonetic = field.kind === 'name' ? field.space.phonetic : undefined;
      // Most pairs of values share too few letters to reach a threshold; the ceiling says so without the cache.
      const mayReach = (x: number, y: number, threshold: number) =>
        (phonetic !== undefined && phonetic[x]! >= 0 && phonetic[x] === phonetic[y]) ||
        jaroWinklerCeiling(lengths[x]!, lengths[y]!, masks[x]!, masks[y]!) >= threshold - CEILING_SLACK;
      // Swapped: this field of one record matches (Jaro-Winkler ≥ 0.92) the other field of the other record, and the
      // other way round the two are at least alike (≥ 0.8 or the same sound) or one is missing.
      const close = (x: number, y: number) => x === y || (mayReach(x, y, 0.92) && cache.get(x, y) <= 1);
      const alike = (x: number, y: number) =>
        x < 0 || y < 0 || x === y || (mayReach(x, y, 0.8) && cache.get(x, y) <= 3);
      const swapped = (valueA: number, valueB: number, otherA: number, otherB: number) =>
        (otherB >= 0 && close(valueA, otherB) && alike(otherA, valueB)) ||
        (otherA >= 0 && close(otherA, valueB) && alike(valueA, otherB));
      return {
        field,
        kind: field.kind,
        levels,
        level(a: number, b: number): number {
          const rowA = a * width;
          const rowB = b * width;
          const valueA = rows[rowA + position]!;
          const valueB = rows[rowB + position]!;
          if (valueA < 0 || valueB < 0) return missing;
          if (valueA === valueB) return 0;
          const similarity = mayReach(valueA, valueB, 0.8) ? cache.get(valueA, valueB) : 4;
          if (similarity === 1) return 1;
          for (let p = 0; p < partnerColumns.length; p += 1) {
            const column = partnerColumns[p]!;
            if (swapped(valueA, valueB, rows[rowA + column]!, rows[rowB + column]!)) {
              return partnerIsEarlier[p] ? missing : 2;
            }
          }
          if (field.kind === 'name') return similarity === 2 ? 3 : similarity === 3 ? 4 : 5;
          return similarity === 3 ? 3 : 4;
        },
      };
    }
    return {
      field,
      kind: field.kind,
      levels,
      level(a: number, b: number): number {
        const valueA = rows[a * width + position]!;
        const valueB = rows[b * width + position]!;
        if (valueA < 0 || valueB < 0) return missing;
        if (valueA === valueB) return 0;
        return cache.get(valueA, valueB);
      },
    };
  });
}

/**
 * How far below a threshold the ceiling may be and still let the exact similarity decide: the ceiling and the
 * similarity round differently, and a pair must never be ruled out by rounding alone.
 */
const CEILING_SLACK = 1e-9;

function recordRows(fields: readonly PreparedField[]): Int32Array {
  const width = fields.length;
  const size = fields[0]?.codes.length ?? 0;
  const rows = new Int32Array(size * width);
  fields.forEach((field, f) => {
    for (let record = 0; record < size; record += 1) rows[record * width + f] = field.codes[record]!;
  });
  return rows;
}

/** The level (or similarity class) of two distinct values of a space. */
function similarityOf(kind: ComparedKind, space: ValueSpace): (a: number, b: number) => number {
  const values = space.values;
  switch (kind) {
    case 'name':
    case 'text': {
      const masks = Int32Array.from(values, maskOf);
      const phonetic = space.phonetic;
      return (a, b) => {
        if (kind === 'name' && phonetic[a]! >= 0 && phonetic[a] === phonetic[b]) {
          return jaroWinkler(values[a]!, values[b]!) >= 0.92 ? 1 : 2;
        }
        if (jaroWinklerBound(values[a]!, values[b]!, masks[a]!, masks[b]!) < 0.8) return 4;
        const similarity = jaroWinkler(values[a]!, values[b]!);
        return similarity >= 0.92 ? 1 : similarity >= 0.8 ? 3 : 4;
      };
    }
    case 'date':
      return (a, b) => compareDates(values[a]!, values[b]!);
    case 'code':
    case 'id':
      return (a, b) => (withinOneEdit(values[a]!, values[b]!) ? 1 : 2);
  }
}

/** Levels 1-4 of two different dates written YYYYMMDD (other forms can only be one edit apart or different). */
export function compareDates(a: string, b: string): number {
  if (withinOneEdit(a, b)) return 1;
  if (a.length !== 8 || b.length !== 8) return 4;
  const yearA = a.slice(0, 4);
  const yearB = b.slice(0, 4);
  if (yearA === yearB && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return 2;
  // The year typed wrong, with the day and month as they were or swapped as well.
  if (a.slice(4) === b.slice(4) || (a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6))) {
    const gap = Math.abs(Number(yearA) - Number(yearB));
    if (gap >= 1 && gap <= 3) return 3;
  }
  return 4;
}
