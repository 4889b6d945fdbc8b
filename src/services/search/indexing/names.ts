/**
 * Names as the index keeps them: folded to lower-case letters (accents, apostrophes and hyphens gone), split into
 * tokens, each with its NYSIIS phonetic code and its one-letter deletions. Two tokens within one edit of each other
 * (a letter typed wrong, missing, added, or two swapped) share at least one deletion variant or are variants of each
 * other: a lookup in `name_variants` finds them without comparing the query with every name.
 */
import { normalizeName } from '../../../core/linkage/normalize.js';
import { nysiis } from '../../../core/linkage/nysiis.js';

/** Shorter names get no deletion variants: one deletion of a 3-letter name matches too much. */
const SHORTEST_WITH_VARIANTS = 4;

export function nameTokens(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return normalizeName(value)
    .split(' ')
    .filter((token) => token.length > 0);
}

export function phoneticCode(token: string): string {
  return nysiis(token) || token;
}

/** The token itself and, when long enough, each string made by deleting one of its letters. */
export function deletionVariants(token: string): string[] {
  const variants = new Set([token]);
  if (token.length >= SHORTEST_WITH_VARIANTS) {
    for (let i = 0; i < token.length; i += 1) variants.add(token.slice(0, i) + token.slice(i + 1));
  }
  return [...variants];
}

/** Whether a field holds a name, and which part: firstNames, givenName, middleName → given; familyName, surname → family. */
export function namePart(fieldId: string): 'given' | 'family' | undefined {
  if (/family|surname|lastname/i.test(fieldId)) return 'family';
  if (/name/i.test(fieldId) && !/^(facility|place|office|area)/i.test(fieldId)) return 'given';
  return undefined;
}
