/**
 * What the caller's `record.read` scopes allow, as a SQL condition on `search.records`: the same rules as `may()`
 * (src/core/http/scopes.ts), applied inside the query so that a page and its total hold only readable records.
 * Each grant is a conjunction of its conditions; the grants are alternatives.
 *
 * @example
 * readableRecords(caller); // record.read[area=my-jurisdiction] → sql`(r.area_path @> array['CEN-IBO']::text[])`
 */
import { sql, type RawBuilder } from 'kysely';
import { grantsOf, type Caller } from '../../../core/http/scopes.js';

const ALL = sql<boolean>`true`;
const NONE = sql<boolean>`false`;

/** The condition a record row `r` must meet for the caller to read it (`false` when it may read none). */
export function readableRecords(caller: Caller): RawBuilder<boolean> {
  if (caller.unrestricted) return ALL;
  const alternatives: RawBuilder<boolean>[] = [];
  for (const grant of grantsOf(caller, 'record.read')) {
    if (grant.conditions.size === 0) return ALL;
    const conditions = [...grant.conditions].map(([key, allowed]) => conditionOn(caller, key, allowed));
    alternatives.push(sql<boolean>`(${sql.join(conditions, sql` and `)})`);
  }
  return alternatives.length === 0 ? NONE : sql<boolean>`(${sql.join(alternatives, sql` or `)})`;
}

/**
 * The areas every record the caller may read lies in (in one of them), when its grants say: a name search then keeps
 * only the postings in those areas while it scans them. `exact` when that is all the grants say (each is limited by
 * area alone), so that no record's row need be read to check the caller's scope. Undefined when some grant is not
 * limited by area (or the caller may read everything).
 *
 * @example
 * readableAreas(caller); // record.read[area=my-jurisdiction] → { areas: ['CEN-IBO'], exact: true }
 */
export function readableAreas(caller: Caller): { areas: string[]; exact: boolean } | undefined {
  if (caller.unrestricted) return undefined;
  const areas = new Set<string>();
  let exact = true;
  for (const grant of grantsOf(caller, 'record.read')) {
    const allowed = grant.conditions.get('area');
    if (allowed === undefined) return undefined;
    for (const area of areasOf(caller, allowed)) areas.add(area);
    if (grant.conditions.size > 1) exact = false;
  }
  return { areas: [...areas], exact };
}

/** Whether the caller may read every record: a national search then checks no record's row for its scope. */
export function readsEverything(caller: Caller): boolean {
  return readableRecords(caller) === ALL;
}

/** One condition of a grant; a key the record has no value for is never met (as in may()). */
function conditionOn(caller: Caller, key: string, allowed: readonly string[]): RawBuilder<boolean> {
  switch (key) {
    case 'event':
      return sql<boolean>`r.event_type = any(${[...allowed]}::text[])`;
    case 'area': {
      const areas = areasOf(caller, allowed);
      // area_path holds the record's area and every area above it: one overlap finds the record in any of them.
      return areas.length === 0 ? NONE : sql<boolean>`r.area_path && ${areas}::text[]`;
    }
    case 'office': {
      const offices = allowed.flatMap((option) =>
        option === 'mine' ? (caller.office === null ? [] : [caller.office]) : [option],
      );
      return offices.length === 0 ? NONE : sql<boolean>`r.office = any(${offices}::text[])`;
    }
  }
  return NONE;
}

/** The area codes an `area=` condition names, `my-jurisdiction` being the caller's own area. */
function areasOf(caller: Caller, allowed: readonly string[]): string[] {
  return allowed.flatMap((option) =>
    option === 'my-jurisdiction' ? (caller.jurisdiction[0] === undefined ? [] : [caller.jurisdiction[0]]) : [option],
  );
}
