/**
 * The records whose people bear the names asked for, as SQL: each query token is a slot that one name token of the
 * person must fill (any of the names it expands to), all slots of a person within one role (one person: the child,
 * the mother...), each slot a different name token. Slots match either part unless a part is asked for, so swapped
 * given and family names match, and a record with more names than asked (a middle name) matches too. The score is
 * the sum of the slots' match qualities: exact names outrank variants.
 *
 * One slot is its posting list in `terms`. Two or more start from `name_pairs`: the pairs of names the first two
 * slots expand to are looked up directly (joining two posting lists of very common names, tens of thousands of
 * postings each, was the cost of a search), and further slots are joined from `terms` on (record_id, role).
 *
 * @example
 * matchingRecords([{ role: 'mother', slots: [slot(grace), slot(mwale)] }]);
 * // select p0.record_id, max(q0.score) as score from unnest(pairs, scores, ...) as q0 join name_pairs p0 ...
 */
import { sql, type RawBuilder } from 'kysely';
import { pairKey } from '../indexing/names.js';
import { t } from '../repository.js';
import type { NameExpansion } from './name-expansions.js';

export interface NameSlot {
  readonly expansion: NameExpansion;
  /** Only given names, or only family names; either when undefined. */
  readonly part?: 'given' | 'family';
}

export interface NameGroup {
  /** The form section the person is in (child, mother, ...); any when undefined (the quick search). */
  readonly role?: string;
  readonly slots: readonly NameSlot[];
}

/**
 * Matched records: their ids and scores, and (for name matches: the postings keep it) the record's `updated_at`, by
 * which a page ranks them without reading their rows.
 */
export type MatchQuery = RawBuilder<{ record_id: string; score: number; updated_at?: Date }>;
export type NameMatchQuery = RawBuilder<{ record_id: string; score: number; updated_at: Date }>;

/**
 * Areas the matched records must lie in: in one of each list's areas (the caller's jurisdictions, an area asked
 * for). Kept while the postings are scanned, from the area each posting carries (migration 0006).
 */
export type AreaBounds = readonly (readonly string[])[];

/** A name search not yet bound to areas: the page (result-page.ts) decides which bounds to scan with. */
export type NameMatches = (within: AreaBounds) => NameMatchQuery;

/** `(record_id, score, updated_at)` of records in which every slot of every group is filled; one row per record. */
export function matchingRecords(groups: readonly NameGroup[], within: AreaBounds = []): NameMatchQuery {
  const filled = groups.filter((group) => group.slots.length > 0);
  if (filled.length === 0) throw new Error('matchingRecords needs at least one name');
  const parts = filled.map((group, g) => sql`(${groupMatches(group, g, within)}) as m${sql.raw(String(g))}`);
  if (parts.length === 1) return sql`select m0.record_id, m0.score, m0.updated_at from ${parts[0]!}`;
  const scores = filled.map((_, g) => sql.raw(`m${g}.score`));
  const joins = parts
    .slice(1)
    .map((part, g) => sql`join ${part} on m${sql.raw(String(g + 1))}.record_id = m0.record_id`);
  return sql`select m0.record_id, ${sql.join(scores, sql` + `)} as score, m0.updated_at
    from ${parts[0]!} ${sql.join(joins, sql` `)}`;
}

/** Records where all but (at most) one slot of a single group are filled: what a query with a name too many finds. */
export function matchingAllButOne(group: NameGroup, within: AreaBounds = []): NameMatchQuery {
  if (group.slots.length < 2) return matchingRecords([group], within);
  const subsets = group.slots.map((_, skip) =>
    groupMatches({ ...group, slots: group.slots.filter((__, i) => i !== skip) }, 0, within),
  );
  return sql`select u.record_id, max(u.score) as score, max(u.updated_at) as updated_at
    from (${sql.join(subsets, sql` union all `)}) as u group by u.record_id`;
}

function groupMatches(group: NameGroup, g: number, within: AreaBounds): RawBuilder<unknown> {
  return group.slots.length >= 2 ? pairedMatches(group, g, within) : termMatches(group, g, within);
}

/** The conditions that keep a posting within the areas: its area's number among those of the paths in them. */
function inAreas(posting: RawBuilder<unknown>, within: AreaBounds): RawBuilder<unknown>[] {
  return within.map(
    (areas) => sql`${posting}.area = any(array(select a.id from ${t.areas} a where a.path && ${[...areas]}::text[]))`,
  );
}

/** One slot: its posting list. */
function termMatches(group: NameGroup, g: number, within: AreaBounds): RawBuilder<unknown> {
  const here = sql.raw(`s${g}_0`);
  const slot = group.slots[0]!;
  const conditions = [
    sql`${here}.token = any(${slot.expansion.names}::text[])`,
    ...(slot.part ? [sql`${here}.part = ${slot.part}`] : []),
    ...(group.role !== undefined ? [sql`${here}.role = ${group.role}`] : []),
    ...inAreas(here, within),
  ];
  return sql`select ${here}.record_id, max(${slotScore(slot, here)}) as score, max(${here}.updated_at) as updated_at
    from ${t.terms} ${here} where ${sql.join(conditions, sql` and `)} group by ${here}.record_id`;
}

/**
 * Two slots or more: the first two looked up together in `name_pairs` (every pair of names they expand to, with the
 * sum of their qualities), each further slot joined from `terms` on the pair's record and role, on a name of the
 * person that neither the pair nor another slot took.
 */
function pairedMatches(group: NameGroup, g: number, within: AreaBounds): RawBuilder<unknown> {
  const [a, b, ...rest] = group.slots as [NameSlot, NameSlot, ...NameSlot[]];
  const wanted = wantedPairs(a, b);
  const q = sql.raw(`q${g}`);
  const p = sql.raw(`p${g}`);
  const conditions = [
    sql`(${q}.first_family is null or (${p}.first >= 1000) = ${q}.first_family)`,
    sql`(${q}.second_family is null or (${p}.second >= 1000) = ${q}.second_family)`,
    ...(group.role !== undefined ? [sql`${p}.role = ${group.role}`] : []),
    ...inAreas(p, within),
  ];
  const others = rest.length > 0 ? otherSlots(rest, g) : undefined;
  if (others) conditions.push(sql`o${sql.raw(String(g))}.score is not null`);
  // A record naming the person twice (or a slot matching two ways) counts once, at its best.
  return sql`select ${p}.record_id, max(${q}.score${others ? sql` + o${sql.raw(String(g))}.score` : sql``}) as score,
      max(${p}.updated_at) as updated_at
    from unnest(${wanted.map((w) => w.pair)}::text[], ${wanted.map((w) => w.score)}::real[],
        ${wanted.map((w) => w.firstFamily)}::boolean[], ${wanted.map((w) => w.secondFamily)}::boolean[])
        as ${q}(pair, score, first_family, second_family)
      join ${t.name_pairs} ${p} on ${p}.pair = ${q}.pair
      ${others ?? sql``}
    where ${sql.join(conditions, sql` and `)}
    group by ${p}.record_id`;
}

/**
 * The slots after the first two, looked for among the names of the person a pair found (a lateral join: per pair
 * found, the person's few names are read by record, rather than the slots' whole posting lists hashed), each on a
 * name that neither the pair nor another slot took.
 */
function otherSlots(rest: readonly NameSlot[], g: number): RawBuilder<unknown> {
  const p = sql.raw(`p${g}`);
  const alias = (i: number) => sql.raw(`s${g}_${i + 2}`);
  const conditions = rest.flatMap((slot, i) => {
    const here = alias(i);
    const slotCode = sql`(${here}.position + case when ${here}.part = 'family' then 1000 else 0 end)`;
    return [
      sql`${here}.record_id = ${p}.record_id`,
      sql`${here}.role = ${p}.role`,
      sql`${here}.token = any(${slot.expansion.names}::text[])`,
      ...(slot.part ? [sql`${here}.part = ${slot.part}`] : []),
      sql`${slotCode} <> ${p}.first`,
      sql`${slotCode} <> ${p}.second`,
      ...Array.from(
        { length: i },
        (_, j) => sql`(${here}.part, ${here}.position) <> (${alias(j)}.part, ${alias(j)}.position)`,
      ),
    ];
  });
  const score = rest.map((slot, i) => slotScore(slot, alias(i)));
  const terms = rest.map((_, i) => sql`${t.terms} ${alias(i)}`);
  const o = sql.raw(`o${g}`);
  return sql`cross join lateral (select max(${sql.join(score, sql` + `)}) as score from ${sql.join(terms, sql`, `)}
      where ${sql.join(conditions, sql` and `)}) as ${o}`;
}

function slotScore(slot: NameSlot, here: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(${slot.expansion.qualities}::real[])[array_position(${slot.expansion.names}::text[], ${here}.token)]`;
}

interface WantedPair {
  readonly pair: string;
  readonly score: number;
  /** Whether the pair's lower (first) or higher (second) name must be a family name; either when null. */
  readonly firstFamily: boolean | null;
  readonly secondFamily: boolean | null;
}

/** Every pair of names two slots expand to, keyed as `name_pairs` keeps them, with the parts each side must be. */
export function wantedPairs(a: NameSlot, b: NameSlot): WantedPair[] {
  const family = (slot: NameSlot) => (slot.part === undefined ? null : slot.part === 'family');
  const wanted: WantedPair[] = [];
  a.expansion.names.forEach((x, i) => {
    b.expansion.names.forEach((y, j) => {
      const score = a.expansion.qualities[i]! + b.expansion.qualities[j]!;
      const pair = pairKey(x, y);
      if (x < y || (x === y && a.part === b.part)) {
        wanted.push({ pair, score, firstFamily: family(a), secondFamily: family(b) });
      } else if (x > y) {
        wanted.push({ pair, score, firstFamily: family(b), secondFamily: family(a) });
      } else {
        // The same name asked for as given and family: either of the person's two may be either.
        wanted.push({ pair, score, firstFamily: family(a), secondFamily: family(b) });
        wanted.push({ pair, score, firstFamily: family(b), secondFamily: family(a) });
      }
    });
  });
  return wanted;
}
