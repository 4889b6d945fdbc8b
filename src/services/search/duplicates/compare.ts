/**
 * How two values of one field compare under the event type's rules: each method puts a pair in one of a few levels,
 * from exact agreement down to clear disagreement; a missing value says nothing (`MISSING`). The levels' weights are
 * learnt (model.ts); the levels themselves are what a registrar sees beside each field in the side-by-side view.
 *
 * | method | levels |
 * |---|---|
 * | exact | exact · different |
 * | name | exact · Jaro-Winkler ≥ 0.92 · a name left out (middle name) · swapped with the other name field · same NYSIIS code · Jaro-Winkler ≥ 0.8 · different |
 * | jaro-winkler | exact · ≥ similarity (0.92) · ≥ 0.8 · different |
 * | levenshtein | exact · ≤ maxEdits (1) · different |
 * | phonetic | exact · same NYSIIS code · different |
 * | date | exact · within withinDays · a digit off or two swapped · day and month swapped · year 1-3 off (the day within withinDays) · different |
 * | number | exact · within maxDistance · different |
 */
import type { CompareMethod, DuplicateField } from '../../../core/forms/index.js';
import { damerauLevenshtein } from '../../../core/linkage/damerau-levenshtein.js';
import { jaroWinkler } from '../../../core/linkage/jaro-winkler.js';
import { normalizeCode, normalizeName, normalizeText } from '../../../core/linkage/normalize.js';
import { phoneticCode } from '../indexing/names.js';

export const MISSING = -1;

export function levelNames(rule: DuplicateField): readonly string[] {
  switch (rule.compare) {
    case 'exact':
      return ['exact', 'different'];
    case 'name':
      return ['exact', 'jw>=0.92', 'name left out', 'swapped', 'phonetic', 'jw>=0.8', 'different'];
    case 'jaro-winkler':
      return ['exact', `jw>=${rule.similarity ?? 0.92}`, 'jw>=0.8', 'different'];
    case 'levenshtein':
      return ['exact', `<=${rule.maxEdits ?? 1} edits`, 'different'];
    case 'phonetic':
      return ['exact', 'phonetic', 'different'];
    case 'date':
      return [
        'exact',
        `within ${rule.withinDays ?? 0} days`,
        'a digit off',
        'day/month swapped',
        'year 1-3 off',
        'different',
      ];
    case 'number':
      return ['exact', `within ${rule.maxDistance ?? 0}`, 'different'];
  }
}

/** The value as compared: names and text folded, codes without spaces, dates and numbers as given. */
export function normalizedValue(method: CompareMethod, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const text = String(value).trim();
  switch (method) {
    case 'name':
    case 'phonetic':
      return normalizeName(text);
    case 'jaro-winkler':
      return normalizeText(text);
    case 'exact':
    case 'levenshtein':
      return normalizeCode(text);
    case 'date':
    case 'number':
      return text;
  }
}

/**
 * The level of a pair of normalised values; `swappedWith` is the pair's values of the other name field of the same
 * section (given ↔ family), for the "swapped" level.
 */
export function compareValues(
  rule: DuplicateField,
  a: string,
  b: string,
  swappedWith?: { readonly a: string; readonly b: string },
): number {
  if (a === '' || b === '') return MISSING;
  if (a === b) return 0;
  switch (rule.compare) {
    case 'exact':
      return 1;
    case 'name':
      return compareNames(a, b, swappedWith);
    case 'jaro-winkler': {
      const similarity = jaroWinkler(a, b);
      return similarity >= (rule.similarity ?? 0.92) ? 1 : similarity >= 0.8 ? 2 : 3;
    }
    case 'levenshtein':
      return damerauLevenshtein(a, b) <= (rule.maxEdits ?? 1) ? 1 : 2;
    case 'phonetic':
      return phoneticCode(a) === phoneticCode(b) ? 1 : 2;
    case 'date':
      return compareDates(a, b, rule.withinDays ?? 0);
    case 'number': {
      const distance = Math.abs(Number(a) - Number(b));
      return Number.isFinite(distance) && distance <= (rule.maxDistance ?? 0) ? 1 : 2;
    }
  }
}

function compareNames(a: string, b: string, swappedWith?: { readonly a: string; readonly b: string }): number {
  if (jaroWinkler(a, b) >= 0.92) return 1;
  if (wordsWithin(a, b, { fewer: true })) return 2;
  if (swappedWith && swappedWith.a !== '' && swappedWith.b !== '') {
    // Given and family names in each other's place, perhaps with a typing error or a middle name left out as well.
    if (swapLike(a, swappedWith.b) && swapLike(b, swappedWith.a)) return 3;
  }
  const first = (name: string) => name.split(' ', 1)[0]!;
  if (
    phoneticCode(first(a)) === phoneticCode(first(b)) &&
    phoneticCode(a.replaceAll(' ', '')) === phoneticCode(b.replaceAll(' ', ''))
  )
    return 4;
  return jaroWinkler(a, b) >= 0.8 ? 5 : 6;
}

/**
 * Whether a name and the other field's name of the other record are one name: alike (Jaro-Winkler 0.85: "Wolson"
 * for "Wilson", "Cabwe" for "Kabwe"), or one holds every word of the other ("Khadija Maryam", "Khadija"). Looser
 * than the plain levels because both names must cross over for it to count.
 */
function swapLike(a: string, b: string): boolean {
  return jaroWinkler(a, b) >= 0.85 || wordsWithin(a, b, { fewer: false });
}

/** Whether every word of the name with fewer words is in the other; with `fewer`, it must have fewer words. */
function wordsWithin(a: string, b: string, options: { readonly fewer: boolean }): boolean {
  // Most names are one word: no need to split them.
  if (!a.includes(' ') && !b.includes(' ')) return !options.fewer && a === b;
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  const [shorter, longer] = wordsA.length <= wordsB.length ? [wordsA, wordsB] : [wordsB, wordsA];
  if (options.fewer && shorter.length === longer.length) return false;
  return shorter.every((word) => longer.includes(word));
}

const DAY_MS = 86_400_000;

function compareDates(a: string, b: string, withinDays: number): number {
  const timeA = Date.parse(a);
  const timeB = Date.parse(b);
  if (withinDays > 0 && Number.isFinite(timeA) && Number.isFinite(timeB)) {
    if (Math.abs(timeA - timeB) <= withinDays * DAY_MS) return 1;
  }
  const digitsA = a.replace(/\D/g, '');
  const digitsB = b.replace(/\D/g, '');
  if (digitsA.length === digitsB.length && damerauLevenshtein(digitsA, digitsB) <= 1) return 2;
  if (digitsA.length !== 8 || digitsB.length !== 8) return 5;
  const [yearA, monthA, dayA] = [digitsA.slice(0, 4), digitsA.slice(4, 6), digitsA.slice(6)];
  const [yearB, monthB, dayB] = [digitsB.slice(0, 4), digitsB.slice(4, 6), digitsB.slice(6)];
  if (yearA === yearB && monthA === dayB && dayA === monthB) return 3;
  const gap = Math.abs(Number(yearA) - Number(yearB));
  if (gap >= 1 && gap <= 3) {
    // The year typed wrong, and perhaps the day too: the same day of the year, give or take withinDays, or with day
    // and month swapped as well (two slips in one date, seen on forms filled in from memory).
    if (monthA === monthB && dayA === dayB) return 4;
    if (monthA === dayB && dayA === monthB) return 4;
    const shifted = Date.parse(`${yearB}-${monthA}-${dayA}`);
    if (withinDays > 0 && Number.isFinite(shifted) && Math.abs(shifted - Date.parse(b)) <= withinDays * DAY_MS)
      return 4;
  }
  return 5;
}
