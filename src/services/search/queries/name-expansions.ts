/**
 * Which names in the index a typed name token may stand for, and how well each matches: the token itself (1), a
 * name with the same NYSIIS code (a phonetic variant: Katherine for Catherine), or a name within about two typing
 * errors, found by the symmetric-deletion lookup in `name_variants` and confirmed with Damerau-Levenshtein and
 * Jaro-Winkler. Accents and case are gone before this (normalizeName), so Zoë is zoe.
 *
 * @example
 * await expandNames(db, ['grcae']); // [{ token: 'grcae', names: ['grace', ...], qualities: [0.85, ...] }]
 */
import { sql } from 'kysely';
import { damerauLevenshtein } from '../../../core/linkage/damerau-levenshtein.js';
import { jaroWinkler } from '../../../core/linkage/jaro-winkler.js';
import { deletionVariants, phoneticCode } from '../indexing/names.js';
import { t, type SearchDb } from '../repository.js';

export interface NameExpansion {
  /** The query token, normalised. */
  readonly token: string;
  /** Index names it matches, best first; the token itself is always first. */
  readonly names: readonly string[];
  /** The quality of each name's match: 1 for the token itself, below 0.95 for any other. */
  readonly qualities: readonly number[];
}

/** Jaro-Winkler a name two edits away must reach; one edit away is always accepted. */
const SIMILAR = 0.85;
/** A phonetic variant counts at least this much, however its spelling differs. */
const PHONETIC_FLOOR = 0.8;
/** At most this many names per query token: a very common phonetic code must not flood the query. */
const MOST_NAMES = 40;

export async function expandNames(db: SearchDb, tokens: readonly string[]): Promise<NameExpansion[]> {
  if (tokens.length === 0) return [];
  const variants: string[] = [];
  const variantOf: number[] = [];
  tokens.forEach((token, i) => {
    for (const variant of deletionVariants(token)) {
      variants.push(variant);
      variantOf.push(i);
    }
  });
  const codes = tokens.map(phoneticCode);
  const { rows } = await sql<{ i: number; name: string }>`
    select q.i, v.token as name
      from unnest(${variants}::text[], ${variantOf}::int[]) as q(variant, i)
      join ${t.name_variants} v on v.variant = q.variant
    union
    select q.i - 1, n.token
      from unnest(${codes}::text[]) with ordinality as q(code, i)
      join ${t.names} n on n.phonetic = q.code`.execute(db);
  const found = tokens.map(() => new Set<string>());
  for (const row of rows) found[row.i]?.add(row.name);
  return tokens.map((token, i) => {
    const scored = [...found[i]!]
      .filter((name) => name !== token)
      .map((name) => ({ name, quality: quality(token, codes[i]!, name) }))
      .filter((match) => match.quality > 0)
      .sort((a, b) => b.quality - a.quality || a.name.localeCompare(b.name))
      .slice(0, MOST_NAMES - 1);
    return {
      token,
      names: [token, ...scored.map((match) => match.name)],
      qualities: [1, ...scored.map((match) => match.quality)],
    };
  });
}

/** How well `name` matches the typed `token` (not equal to it): 0 when it does not. */
export function quality(token: string, code: string, name: string): number {
  const similarity = jaroWinkler(token, name);
  const fuzzy = 0.9 * similarity;
  if (phoneticCode(name) === code) return Math.max(PHONETIC_FLOOR, fuzzy);
  const edits = damerauLevenshtein(token, name);
  if (edits <= 1 || (edits <= 2 && similarity >= SIMILAR)) return fuzzy;
  return 0;
}
