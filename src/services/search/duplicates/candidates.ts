/** The records a declaration is compared with: those sharing one of its blocking keys. */
import { sql } from 'kysely';
import type { EventTypeDefinition } from '../../../core/forms/index.js';
import { t, type SearchDb } from '../repository.js';

/**
 * A common blocking key (a popular name's phonetic code) could name thousands of records: each key brings at most
 * `PER_KEY`, those whose event date is nearest the declaration's (half on each side; keys keep the event date in
 * their primary key), the selective keys (birth date, identity number) finding the true duplicates among few.
 */
const PER_KEY = 100;
const PER_SIDE = PER_KEY / 2;
const MAX_CANDIDATES = 300;
/** Records that may be duplicated: those a registrar has not set aside. */
const COMPARED_STATUSES = ['DECLARED', 'VALIDATED', 'REGISTERED'];

/**
 * The records of the type sharing one of `keys` with the declaration (or those of `recordIds` when given), as the
 * check compares them: not the declaration itself nor those excluded, and only in a status that may be duplicated.
 */
export async function findCandidates(
  db: SearchDb,
  definition: EventTypeDefinition,
  input: { readonly recordId: string; readonly eventDate: string | null; readonly exclude?: readonly string[] },
  keys: readonly string[],
  recordIds?: readonly string[],
): Promise<CandidateRow[]> {
  if (keys.length === 0 && !recordIds?.length) return [];
  const excluded = [input.recordId, ...(input.exclude ?? [])];
  // Only the compared fields, as text: parsing each candidate's whole declaration cost more than finding them.
  const paths = (definition.deduplication?.fields ?? []).map((rule) => `{${rule.field.replace('.', ',')}}`);
  const values = sql`array[${sql.join(paths.map((path) => sql`r.data #>> ${path}::text[]`))}]::text[] as values`;
  const rows = recordIds
    ? await sql<CandidateRow>`select r.record_id, r.tracking_id, r.status, r.registration_number, ${values}
        from ${t.records} r where r.record_id = any(${[...recordIds]}::uuid[])`.execute(db)
    : await sql<CandidateRow>`select r.record_id, r.tracking_id, r.status, r.registration_number, ${values}
        from (
          select distinct candidate.record_id
          from unnest(${[...keys]}::text[]) as key(value)
          cross join lateral (${
            input.eventDate === null
              ? sql`select k.record_id from ${t.keys} k where k.key = key.value limit ${PER_KEY}`
              : sql`(select k.record_id from ${t.keys} k where k.key = key.value and k.event_date >= ${input.eventDate}::date
                  order by k.event_date limit ${PER_SIDE})
                union all
                (select k.record_id from ${t.keys} k where k.key = key.value and k.event_date < ${input.eventDate}::date
                  order by k.event_date desc limit ${PER_SIDE})`
          }) candidate
        ) found
        join ${t.records} r on r.record_id = found.record_id
        where r.event_type = ${definition.id} and r.status = any(${COMPARED_STATUSES}::text[])
          and not (r.record_id = any(${excluded}::uuid[]))
        limit ${MAX_CANDIDATES}`.execute(db);
  return rows.rows;
}

export interface CandidateRow {
  record_id: string;
  tracking_id: string;
  status: string;
  registration_number: string | null;
  /** The value of each compared field (the event type's duplicate rules, in order) as text; null when missing. */
  values: (string | null)[];
}
