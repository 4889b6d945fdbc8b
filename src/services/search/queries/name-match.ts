/**
 * The records whose people bear the names asked for, as SQL: each query token is a slot that one name token of the
 * person must fill (any of the names it expands to), all slots of a person within one role (one person: the child,
 * the mother...), each slot a different name token. Slots match either part unless a part is asked for, so swapped
 * given and family names match, and a record with more names than asked (a middle name) matches too. The score is
 * the sum of the slots' match qualities: exact names outrank variants.
 *
 * The slots are joined on `terms (record_id, role)`, one posting list each, so PostgreSQL starts from the rarest
 * name and checks the others by index (a nested loop), or hashes two common lists together: its statistics on
 * `terms.token` decide. Two very common names (tens of thousands of postings each) make the hash join the cost.
 *
 * @example
 * matchingRecords([{ role: 'mother', slots: [slot(grace), slot(mwale)] }]);
 * // select s0_0.record_id, max(q0 + q1) as score from terms s0_0 join terms s0_1 on ... group by s0_0.record_id
 */
import { sql, type RawBuilder } from 'kysely';
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

export type MatchQuery = RawBuilder<{ record_id: string; score: number }>;

/** `(record_id, score)` of records in which every slot of every group is filled; one row per record. */
export function matchingRecords(groups: readonly NameGroup[]): MatchQuery {
  const filled = groups.filter((group) => group.slots.length > 0);
  if (filled.length === 0) throw new Error('matchingRecords needs at least one name');
  const parts = filled.map((group, g) => sql`(${groupMatches(group, g)}) as m${sql.raw(String(g))}`);
  if (parts.length === 1) return sql`select m0.record_id, m0.score from ${parts[0]!}`;
  const scores = filled.map((_, g) => sql.raw(`m${g}.score`));
  const joins = parts
    .slice(1)
    .map((part, g) => sql`join ${part} on m${sql.raw(String(g + 1))}.record_id = m0.record_id`);
  return sql`select m0.record_id, ${sql.join(scores, sql` + `)} as score from ${parts[0]!} ${sql.join(joins, sql` `)}`;
}

/** Records where all but (at most) one slot of a single group are filled: what a query with a name too many finds. */
export function matchingAllButOne(group: NameGroup): MatchQuery {
  if (group.slots.length < 2) return matchingRecords([group]);
  const subsets = group.slots.map((_, skip) =>
    groupMatches({ ...group, slots: group.slots.filter((__, i) => i !== skip) }, 0),
  );
  return sql`select u.record_id, max(u.score) as score from (${sql.join(subsets, sql` union all `)}) as u
    group by u.record_id`;
}

function groupMatches(group: NameGroup, g: number): RawBuilder<unknown> {
  const alias = (i: number) => sql.raw(`s${g}_${i}`);
  const first = alias(0);
  const from = group.slots.map((slot, i) => {
    const here = alias(i);
    const conditions = [
      sql`${here}.token = any(${slot.expansion.names}::text[])`,
      ...(slot.part ? [sql`${here}.part = ${slot.part}`] : []),
      ...(i === 0 && group.role !== undefined ? [sql`${here}.role = ${group.role}`] : []),
      ...(i > 0 ? [sql`${here}.record_id = ${first}.record_id`, sql`${here}.role = ${first}.role`] : []),
      // Each slot a different name of the person: "Ada Ada" needs two.
      ...Array.from(
        { length: i },
        (_, j) => sql`(${here}.part, ${here}.position) <> (${alias(j)}.part, ${alias(j)}.position)`,
      ),
    ];
    return { table: sql`${t.terms} ${here}`, conditions };
  });
  const score = group.slots.map(
    (slot, i) =>
      sql`(${slot.expansion.qualities}::real[])[array_position(${slot.expansion.names}::text[], ${alias(i)}.token)]`,
  );
  // A record naming the person twice (or a slot matching two ways) counts once, at its best.
  return sql`select ${first}.record_id, max(${sql.join(score, sql` + `)}) as score
    from ${sql.join(
      from.map((slot) => slot.table),
      sql`, `,
    )}
    where ${sql.join(
      from.flatMap((slot) => slot.conditions),
      sql` and `,
    )}
    group by ${first}.record_id`;
}
