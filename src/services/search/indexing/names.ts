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

/** Memoised per token: a million records hold a few thousand distinct names. Bounded; forgetting costs a recomputation. */
const phoneticCodes = new Map<string, string>();
const MEMO_LIMIT = 100_000;

export function phoneticCode(token: string): string {
  let code = phoneticCodes.get(token);
  if (code === undefined) {
    code = nysiis(token) || token;
    if (phoneticCodes.size >= MEMO_LIMIT) phoneticCodes.clear();
    phoneticCodes.set(token, code);
  }
  return code;
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

/**
 * Which name of a person a token is, as `name_pairs` keeps it: its position among the person's given or family
 * names, plus 1000 for a family name.
 */
export function nameSlot(part: 'given' | 'family', position: number): number {
  return part === 'family' ? 1000 + position : position;
}

/** The key of a pair of name tokens in `name_pairs`: both, sorted, joined by `|`. */
export function pairKey(a: string, b: string): string {
  return a <= b ? `${a}|${b}` : `${b}|${a}`;
}

export interface NamePair {
  readonly pair: string;
  readonly role: string;
  /** The name slots (see nameSlot) of the pair's lower and higher token. */
  readonly first: number;
  readonly second: number;
}

/** Every pair of one person's name tokens (those of one role), each once. */
export function namePairs(
  terms: readonly { role: string; part: 'given' | 'family'; token: string; position: number }[],
): NamePair[] {
  const pairs: NamePair[] = [];
  for (let i = 0; i < terms.length; i += 1) {
    const a = terms[i]!;
    for (let j = i + 1; j < terms.length; j += 1) {
      const b = terms[j]!;
      if (b.role !== a.role) continue;
      const slotA = nameSlot(a.part, a.position);
      const slotB = nameSlot(b.part, b.position);
      const aFirst = a.token < b.token || (a.token === b.token && slotA < slotB);
      pairs.push({
        pair: pairKey(a.token, b.token),
        role: a.role,
        first: aFirst ? slotA : slotB,
        second: aFirst ? slotB : slotA,
      });
    }
  }
  return pairs;
}
