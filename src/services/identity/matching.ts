/**
 * Comparing what someone says of a person with what an identity holds: the match types of demographic verification
 * (exact, partial, phonetic) and the similarity score of enrolment de-duplication.
 *
 * @module
 */
import { jaroWinkler } from '../../core/linkage/jaro-winkler.js';
import { normalizeName } from '../../core/linkage/normalize.js';
import { nysiis } from '../../core/linkage/nysiis.js';
import type { Demographics } from './repository.js';
import type { MatchType } from './tables.js';

/** Jaro-Winkler similarity from which two names match partially. */
export const PARTIAL_NAME_SIMILARITY = 0.9;

/** The phonetic code of a family name: the blocking key of de-duplication, stored with each identity. */
export function familyNameCode(familyName: string): string {
  return normalizeName(familyName)
    .split(' ')
    .map((part) => nysiis(part))
    .join(' ');
}

const tokens = (name: string) => normalizeName(name).split(' ').filter(Boolean);

/** Equal once accents, case, punctuation and spacing are set aside. */
export function namesEqual(given: string, stored: string): boolean {
  return normalizeName(given) === normalizeName(stored) && normalizeName(given) !== '';
}

/**
 * A partial match: every name given is one of the stored names in order, some missing (`Ada Mwale` for
 * `Ada Grace Mwale`), or the whole is a near spelling (Jaro-Winkler ≥ 0.9: `Mwalle` for `Mwale`).
 */
export function namesMatchPartially(given: string, stored: string): boolean {
  const a = tokens(given);
  const b = tokens(stored);
  if (a.length === 0 || b.length === 0) return false;
  let next = 0;
  const subsequence = a.every((part) => {
    while (next < b.length && b[next] !== part) next += 1;
    return next++ < b.length;
  });
  return subsequence || jaroWinkler(a.join(' '), b.join(' ')) >= PARTIAL_NAME_SIMILARITY;
}

/** A phonetic match: the same NYSIIS code for each name, in order (`Mwaale` and `Mwale`, `Brian` and `Bryan`). */
export function namesMatchPhonetically(given: string, stored: string): boolean {
  const a = tokens(given).map(nysiis);
  const b = tokens(stored).map(nysiis);
  return a.length > 0 && a.length === b.length && a.every((code, index) => code === b[index]);
}

/**
 * Whether a given name matches the stored one at the leniency asked, and the match type that succeeded: exact always
 * counts; `partial` also allows a partial match, `phonetic` a partial or a phonetic one.
 */
export function matchName(
  given: string,
  stored: string,
  leniency: MatchType,
): { match: boolean; matchType: MatchType | null } {
  if (namesEqual(given, stored)) return { match: true, matchType: 'exact' };
  if (leniency !== 'exact' && namesMatchPartially(given, stored)) return { match: true, matchType: 'partial' };
  if (leniency === 'phonetic' && namesMatchPhonetically(given, stored)) return { match: true, matchType: 'phonetic' };
  return { match: false, matchType: null };
}

/** Similarity of two dates: 1 equal, 0.5 one part off or day and month swapped, 0 otherwise. */
function dateSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  const same = [ya === yb, ma === mb, da === db].filter(Boolean).length;
  if (same === 2) return 0.5;
  if (ya === yb && ma === db && da === mb) return 0.5;
  return 0;
}

/** Weights of the de-duplication score; they sum to 1. */
const WEIGHTS = { givenNames: 0.35, familyName: 0.35, birthDate: 0.2, sex: 0.1 } as const;

/**
 * How alike two people's demographics are, from 0 to 1: given and family names by Jaro-Winkler (a phonetic match
 * counts as 0.9 at least), the birth date equal or nearly so, the same sex. Equal names and birth date score 0.9
 * even with a different sex; the same name born on another day scores at most 0.8.
 */
export function demographicSimilarity(a: Demographics, b: Demographics): number {
  const name = (x: string, y: string) => {
    const left = normalizeName(x);
    const right = normalizeName(y);
    if (!left || !right) return 0;
    const similarity = jaroWinkler(left, right);
    return namesMatchPhonetically(left, right) ? Math.max(similarity, 0.9) : similarity;
  };
  return (
    WEIGHTS.givenNames * name(a.givenNames, b.givenNames) +
    WEIGHTS.familyName * name(a.familyName, b.familyName) +
    WEIGHTS.birthDate * dateSimilarity(a.birthDate, b.birthDate) +
    WEIGHTS.sex * (a.sex === b.sex ? 1 : 0)
  );
}
