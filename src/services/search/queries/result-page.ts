/**
 * One page of search results and the total: the records matched (by name or key, or all), kept to those the caller
 * may read and the filters asked for, in the order asked for. The page's rows are narrow until the limit is applied;
 * the declaration (for the names shown) is read for the page only.
 *
 * Totals are counted up to MOST_COUNTED: past it, `total` is MOST_COUNTED and `totalIsLowerBound` says "or more"
 * (a national search for a common name matches tens of thousands of records, and counting them all cost more than
 * finding the page).
 *
 * Name matches in newest or relevance order are ranked from the postings, which keep each record's `updated_at` and
 * area: the caller's areas and the area asked for are kept to while the postings are scanned, then best first, each
 * match is checked against what remains of the caller's scope and the filters (its row read by primary key) until
 * the page is full and MOST_COUNTED are counted, so that a common name costs a sort of its postings and a few dozen
 * record reads, not a join of every match to its record.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Caller } from '../../../core/http/scopes.js';
import { namePart } from '../indexing/names.js';
import { t, type SearchDb } from '../repository.js';
import type { AreaBounds, MatchQuery, NameMatches, NameMatchQuery } from './name-match.js';
import { readableAreas, readableRecords, readsEverything } from './readable-records.js';

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  readonly from?: string;
  /** YYYY-MM-DD, inclusive. */
  readonly to?: string;
}

export interface RecordFilters {
  readonly eventType?: string;
  readonly statuses?: readonly string[];
  readonly eventDate?: DateRange;
  readonly registeredAt?: DateRange;
  readonly declaredAt?: DateRange;
  /** An area code: the record's area or one above it. */
  readonly area?: string;
  readonly office?: string;
  readonly potentialDuplicate?: boolean;
}

export const SORT_ORDERS = ['relevance', 'newest', 'oldest', 'event-date', 'event-date-desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface SearchItem {
  readonly recordId: string;
  readonly trackingId: string;
  readonly eventType: string;
  readonly status: string;
  readonly registrationNumber: string | null;
  readonly area: string | null;
  readonly office: string | null;
  readonly eventDate: string | null;
  readonly registeredAt: string | null;
  readonly flags: string[];
  /** How well the names matched (the sum over the names asked for); null when no name was asked for. */
  readonly score: number | null;
  /** Who the record names, by role: { child: 'Ada Mwale', mother: 'Grace Mwale' }. */
  readonly names: Record<string, string>;
}

export interface SearchPage {
  /** How many records match; at least this many when `totalIsLowerBound`. */
  readonly total: number;
  /** Whether more than MOST_COUNTED match and `total` stopped counting there ("1000+"). */
  readonly totalIsLowerBound: boolean;
  readonly items: SearchItem[];
}

/** Totals are counted up to this; past it a page says "at least" (`totalIsLowerBound`). */
export const MOST_COUNTED = 1000;

export interface PageRequest {
  readonly caller: Caller;
  /** The records matched by a key, and their scores; every record when neither this nor `names` is given. */
  readonly matches?: MatchQuery;
  /**
   * The records matched by name: ranked from their postings, which carry each record's `updated_at` and area (see
   * matchingRecords), and kept to the caller's areas and the area asked for while they are scanned.
   */
  readonly names?: NameMatches;
  readonly filters?: RecordFilters;
  readonly sort: SortOrder;
  readonly limit: number;
  readonly offset: number;
}

interface PageRow {
  record_id: string;
  tracking_id: string;
  event_type: string;
  status: string;
  registration_number: string | null;
  area_code: string | null;
  office: string | null;
  event_date: string | null;
  registered_at: Date | string | null;
  potential_duplicate: boolean;
  score: number | null;
  data: Record<string, Record<string, unknown>>;
}

/**
 * Matches up to this many are listed first and handed back as an array, which PostgreSQL then knows the size of
 * (from a join of name postings it guesses tens of thousands and scans every record); more are joined in SQL.
 */
const MOST_LISTED_MATCHES = 20_000;

export async function resultPage(db: SearchDb, request: PageRequest): Promise<SearchPage> {
  if (request.names) {
    const bounds = areaBounds(request.caller, request.filters ?? {});
    const matches = request.names(bounds.within);
    if (request.sort !== 'event-date' && request.sort !== 'event-date-desc') {
      return rankedPage(db, request, matches, bounds.checks);
    }
    return unrankedPage(db, request, matches);
  }
  return unrankedPage(db, request, request.matches);
}

/**
 * What a name search's postings are kept to: the areas the caller may read in (when its grants are limited by area)
 * and the area asked for. Left to check on each candidate's row: the caller's scope unless its areas say all of it,
 * and the other filters.
 */
function areaBounds(caller: Caller, filters: RecordFilters): { within: AreaBounds; checks: RawBuilder<unknown>[] } {
  const readable = readableAreas(caller);
  const { area, ...others } = filters;
  const within = [...(readable ? [readable.areas] : []), ...(area !== undefined ? [[area]] : [])];
  const checks = [
    ...(readsEverything(caller) || readable?.exact ? [] : [readableRecords(caller)]),
    ...filterConditions(others),
  ];
  return { within, checks };
}

/** A page in any order, every match joined to its record (the order may be on the record's columns). */
async function unrankedPage(db: SearchDb, request: PageRequest, found: MatchQuery | undefined): Promise<SearchPage> {
  const { sort } = request;
  const matches = found && (await listedMatches(db, found));
  const from = matches ? sql`(${matches}) as m join ${t.records} r on r.record_id = m.record_id` : sql`${t.records} r`;
  const conditions = [readableRecords(request.caller), ...filterConditions(request.filters ?? {})];
  const where = sql.join(conditions, sql` and `);
  // Counted once (an init plan), up to one past MOST_COUNTED.
  const counted = sql<number>`(select count(*) from (select 1 from ${from} where ${where}
    limit ${MOST_COUNTED + 1}) as c)`;
  // The inner select reads only what `records_page` covers, for every match; the rest is read for the page.
  const { rows } = await sql<PageRow & { total: string | number }>`
    select r.record_id, r.tracking_id, r.event_type, r.status, r.registration_number, r.area_code, r.office,
      to_char(r.event_date, 'YYYY-MM-DD') as event_date, r.registered_at, r.potential_duplicate, p.score, r.data,
      ${counted} as total
    from (
      select r.record_id, r.updated_at, r.event_date, ${matches ? sql`m.score::real` : sql`null::real`} as score
      from ${from}
      where ${where}
      order by ${orderBy(sort, matches !== undefined, '')}
      limit ${request.limit} offset ${request.offset}
    ) as p join ${t.records} r on r.record_id = p.record_id
    order by ${orderBy(sort, matches !== undefined, 'p.')}`.execute(db);
  if (rows.length > 0 || request.offset === 0) return pageOf(Number(rows[0]?.total ?? 0), rows);
  // Past the end: the total still says how many there are.
  const past = await sql<{ total: string | number }>`select ${counted} as total`.execute(db);
  return pageOf(Number(past.rows[0]?.total ?? 0), []);
}

/**
 * Name matches, newest or best first, from the postings: the matches are materialised once, sorted on what the
 * postings keep, and each is checked against `checks` (see areaBounds: by a lateral read of its record, `offset 0`
 * keeping it a per-row lookup) in that order until the page is full and MOST_COUNTED + 1 are counted; with no checks
 * left (a caller who may read everything, or one limited by area alone, and no other filter), no record is read.
 * The page is the one the full sort gives: score, then `updated_at` (the record's, as its postings keep it), then id.
 */
async function rankedPage(
  db: SearchDb,
  request: PageRequest,
  matches: NameMatchQuery,
  checks: readonly RawBuilder<unknown>[],
): Promise<SearchPage> {
  // The planner cannot know how few of the name pairs asked for exist (most do not), so it guesses tens of
  // thousands of rows: with JIT on it would compile the query (200 ms) to run it in 10. open.ts turns JIT off.
  const { rows } = await rankedStatement(request, matches, checks).execute(db);
  return pageOf(
    Number(rows[0]?.total ?? 0),
    rows.filter((row) => row.record_id !== null),
  );
}

/**
 * The statement of rankedPage: the page's rows, each with the capped total (one row with nulls but the total when
 * the page is empty). `checks` are the conditions each candidate's row must meet, read best first.
 */
function rankedStatement(request: PageRequest, matches: NameMatchQuery, checks: readonly RawBuilder<unknown>[]) {
  const order = orderBy(request.sort, true, '');
  const checked =
    checks.length === 0
      ? sql``
      : sql`cross join lateral (select 1 from ${t.records} r where r.record_id = m.record_id
          and ${sql.join(checks, sql` and `)} offset 0) as c`;
  // Checked in order until both the page and the count are full: one pass serves both.
  const enough = Math.max(MOST_COUNTED + 1, request.offset + request.limit);
  return sql<PageRow & { total: string | number }>`
    with m as materialized (select m.record_id, m.score::real as score, m.updated_at from (${matches}) as m),
      c as materialized (select m.record_id, m.score, m.updated_at from (select * from m order by ${order}) as m
        ${checked} limit ${enough})
    select r.record_id, r.tracking_id, r.event_type, r.status, r.registration_number, r.area_code, r.office,
      to_char(r.event_date, 'YYYY-MM-DD') as event_date, r.registered_at, r.potential_duplicate, p.score, r.data,
      counted.total
    from (select count(*) as total from c) as counted
    left join lateral (select * from c order by ${order} limit ${request.limit} offset ${request.offset}) as p on true
    left join ${t.records} r on r.record_id = p.record_id
    order by ${orderBy(request.sort, true, 'p.')}`;
}

function pageOf(counted: number, rows: readonly PageRow[]): SearchPage {
  return {
    total: Math.min(counted, MOST_COUNTED),
    totalIsLowerBound: counted > MOST_COUNTED,
    items: rows.map(toItem),
  };
}

/** The matches as an array of ids and scores when there are not too many; the query itself otherwise. */
async function listedMatches(db: SearchDb, matches: MatchQuery): Promise<MatchQuery> {
  const list = sql<{ record_id: string; score: number }>`select m.record_id, m.score::real as score
    from (${matches}) as m limit ${MOST_LISTED_MATCHES + 1}`;
  const { rows } = await list.execute(db);
  if (rows.length > MOST_LISTED_MATCHES) return matches;
  return sql<{ record_id: string; score: number }>`select * from unnest(${rows.map((row) => row.record_id)}::uuid[],
    ${rows.map((row) => row.score)}::real[]) as l(record_id, score)`;
}

function filterConditions(filters: RecordFilters): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.eventType !== undefined) conditions.push(sql`r.event_type = ${filters.eventType}`);
  if (filters.statuses?.length) conditions.push(sql`r.status = any(${[...filters.statuses]}::text[])`);
  if (filters.eventDate?.from) conditions.push(sql`r.event_date >= ${filters.eventDate.from}::date`);
  if (filters.eventDate?.to) conditions.push(sql`r.event_date <= ${filters.eventDate.to}::date`);
  for (const [column, range] of [
    ['registered_at', filters.registeredAt],
    ['declared_at', filters.declaredAt],
  ] as const) {
    if (range?.from) conditions.push(sql`r.${sql.raw(column)} >= ${range.from}::date`);
    if (range?.to) conditions.push(sql`r.${sql.raw(column)} < ${range.to}::date + 1`);
  }
  if (filters.area !== undefined) conditions.push(sql`r.area_path && ${[filters.area]}::text[]`);
  if (filters.office !== undefined) conditions.push(sql`r.office = ${filters.office}`);
  if (filters.potentialDuplicate !== undefined) {
    conditions.push(sql`r.potential_duplicate = ${filters.potentialDuplicate}`);
  }
  return conditions;
}

/** The page's order over output columns (`p.` outside the page's own select); record_id makes it total. */
function orderBy(sort: SortOrder, scored: boolean, on: '' | 'p.'): RawBuilder<unknown> {
  const column = (name: string) => sql.raw(`${on}${name}`);
  const newest = sql`${column('updated_at')} desc, ${column('record_id')}`;
  switch (sort) {
    case 'relevance':
      return scored ? sql`${column('score')} desc, ${newest}` : newest;
    case 'newest':
      return newest;
    case 'oldest':
      return sql`${column('updated_at')}, ${column('record_id')}`;
    case 'event-date':
      return sql`${column('event_date')} nulls last, ${column('record_id')}`;
    case 'event-date-desc':
      return sql`${column('event_date')} desc nulls last, ${column('record_id')}`;
  }
}

function toItem(row: PageRow): SearchItem {
  const registeredAt = row.registered_at === null ? null : new Date(row.registered_at).toISOString();
  return {
    recordId: row.record_id,
    trackingId: row.tracking_id,
    eventType: row.event_type,
    status: row.status,
    registrationNumber: row.registration_number,
    area: row.area_code,
    office: row.office,
    eventDate: row.event_date,
    registeredAt,
    flags: row.potential_duplicate ? ['POTENTIAL_DUPLICATE'] : [],
    score: row.score === null ? null : Math.round(Number(row.score) * 1000) / 1000,
    names: namesOf(row.data),
  };
}

/** Each section's full name, given names first, from the declaration as it stands. */
export function namesOf(data: Record<string, Record<string, unknown>>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [section, fields] of Object.entries(data)) {
    const given: string[] = [];
    const family: string[] = [];
    for (const [fieldId, value] of Object.entries(fields ?? {})) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      const part = namePart(fieldId);
      if (part === 'given') given.push(value.trim());
      else if (part === 'family') family.push(value.trim());
    }
    if (given.length + family.length > 0) names[section] = [...given, ...family].join(' ');
  }
  return names;
}
