/**
 * What the caller's `record.read` scopes allow, as a SQL condition on `search.records`: the same rules as `may()`
 * (src/core/http/scopes.ts), applied inside the query so that a page and its total hold only readable records.
 * Each grant is a conjunction of its conditions; the grants are alternatives.
 *
 * @example
 * readableRecords(caller); // record.read[area=my-jurisdiction] → sql`(r.area_path @> array['CEN-IBO']::text[])`
 */
import { sql, type RawBuilder } from 'kysely';
import { parseScope, type Caller } from '../../../core/http/scopes.js';

const ALL = sql<boolean>`true`;
const NONE = sql<boolean>`false`;

/** The condition a record row `r` must meet for the caller to read it (`false` when it may read none). */
export function readableRecords(caller: Caller): RawBuilder<boolean> {
  if (caller.unrestricted) return ALL;
  const alternatives: RawBuilder<boolean>[] = [];
  for (const scope of caller.scope) {
    let grant;
    try {
      grant = parseScope(scope);
    } catch {
      continue; // a malformed scope grants nothing, as in may()
    }
    if (grant.name !== 'record.read') continue;
    if (grant.conditions.size === 0) return ALL;
    const conditions = [...grant.conditions].map(([key, allowed]) => conditionOn(caller, key, allowed));
    alternatives.push(sql<boolean>`(${sql.join(conditions, sql` and `)})`);
  }
  return alternatives.length === 0 ? NONE : sql<boolean>`(${sql.join(alternatives, sql` or `)})`;
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
      const areas = allowed.flatMap((option) =>
        option === 'my-jurisdiction'
          ? caller.jurisdiction[0] === undefined
            ? []
            : [caller.jurisdiction[0]]
          : [option],
      );
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
