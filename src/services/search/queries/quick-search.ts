/**
 * The quick search: one box where a registrar types a tracking ID, a registration number, an identity number, a
 * phone number or a name. A code is looked up exactly first; otherwise (or when no code matches) the words are
 * names, matched within one person of the record with typing errors, phonetic variants, accents, swapped given and
 * family names and missing middle names tolerated. Records matching every word come first; when none does and three or
 * more were typed, records matching all words but one.
 *
 * @example
 * await quickSearch(db, caller, { q: 'Grace Mwalé', limit: 20, offset: 0 });
 * // { kind: 'name', page: { total: 3, totalIsLowerBound: false,
 * //   items: [{ names: { mother: 'Grace Mwale', ... }, score: 2, ... }] } }
 */
import { sql } from 'kysely';
import type { Caller } from '../../../core/http/scopes.js';
import { nameTokens } from '../indexing/names.js';
import { t, type SearchDb } from '../repository.js';
import { exactKeys, keyKind, looksLikeCode, type KeyKind } from './exact-keys.js';
import { expandNames } from './name-expansions.js';
import { matchingAllButOne, matchingRecords } from './name-match.js';
import { resultPage, type SearchPage } from './result-page.js';
import { rarestPairFirst } from './slot-order.js';

export interface QuickSearchInput {
  readonly q: string;
  readonly limit: number;
  readonly offset: number;
}

/** What the query was taken for: an exact key of some kind, names (all words, or all but one), or nothing usable. */
export type QuickSearchKind = KeyKind | 'name' | 'name-partial' | 'none';

export interface QuickSearchResult {
  readonly kind: QuickSearchKind;
  readonly page: SearchPage;
}

/** More words than this are not names a person has: the rest are ignored. */
const MOST_NAME_TOKENS = 5;
/** A key matching more records than this is not worth listing them all (a shared phone of a clinic). */
const MOST_KEY_MATCHES = 1000;

export async function quickSearch(db: SearchDb, caller: Caller, input: QuickSearchInput): Promise<QuickSearchResult> {
  const paging = { caller, sort: 'relevance' as const, limit: input.limit, offset: input.offset };
  if (looksLikeCode(input.q)) {
    const keys = exactKeys(input.q);
    const { rows } = await sql<{ key: string; record_id: string }>`select key, record_id from ${t.keys}
      where key = any(${keys}::text[]) limit ${MOST_KEY_MATCHES}`.execute(db);
    if (rows.length > 0) {
      const ids = [...new Set(rows.map((row) => row.record_id))];
      const matches = sql<{ record_id: string; score: number }>`select id as record_id, 1 as score
        from unnest(${ids}::uuid[]) as id`;
      return { kind: keyKind(rows[0]!.key), page: await resultPage(db, { ...paging, matches }) };
    }
  }
  const tokens = [...new Set(nameTokens(input.q))].slice(0, MOST_NAME_TOKENS);
  if (tokens.length === 0) return { kind: 'none', page: { total: 0, totalIsLowerBound: false, items: [] } };
  const group = await rarestPairFirst(db, {
    slots: (await expandNames(db, tokens)).map((expansion) => ({ expansion })),
  });
  const page = await resultPage(db, { ...paging, names: (within) => matchingRecords([group], within) });
  // Two words less one is one word, which finds far too much to be what was meant.
  if (page.total > 0 || tokens.length < 3) return { kind: 'name', page };
  return {
    kind: 'name-partial',
    page: await resultPage(db, { ...paging, names: (within) => matchingAllButOne(group, within) }),
  };
}
