/**
 * Rebuilding the index from the registry: every record as it stands, page by page in id order, written with the same
 * code the event consumer uses (an event arriving meanwhile is kept if newer). Where it stands is saved with each
 * page, so a run cut off (a crash, Ctrl-C) goes on from there the next time; `fresh` empties the index first.
 *
 * A fresh run also drops the secondary indexes of the index's tables, and the primary key of `keys`, and builds them
 * again at the end (their definitions are kept in `reindex.indexes` meanwhile): one sorted build costs a fraction of
 * millions of random insertions (at 1,000,000 records `keys` holds 7.8 million rows, whose key order is random).
 * Until then, lookups by name or key scan the tables: a fresh run is maintenance, not something to do at opening time.
 * On PostgreSQL three pages are written at once (one connection each), on PGlite one after the other.
 */
import { sql } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { EventTypeDefinition } from '../../core/forms/index.js';
import { feedSize, recordFeed, registryDb } from '../registry/api.js';
import { refitModels } from './duplicates/refit.js';
import { eventTypeAt } from './event-types.js';
import { indexEntry, type IndexEntry } from './indexing/entry.js';
import { searchDb, t, writeEntries, type SearchDb } from './repository.js';

export interface ReindexOptions {
  /** Empty the index and start from the first record, even if a run was cut off. */
  readonly fresh?: boolean;
  /** Records per page (and per transaction). */
  readonly pageSize?: number;
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}

export interface ReindexResult {
  readonly indexed: number;
  readonly total: number;
  /** Whether this run went on from where an earlier one was cut off. */
  readonly resumed: boolean;
  readonly seconds: number;
  /** Where the time went: writing the pages, building the dropped indexes, statistics, fitting the models. */
  readonly phases: {
    readonly pages: number;
    readonly indexes: number;
    readonly analyze: number;
    readonly models: number;
  };
  /** The duplicate models fitted afterwards (event types with fewer records keep typical values). */
  readonly models: readonly { eventType: string; records: number; pairs: number }[];
}

const RUN = 1;
/** Records per page: fewer, larger statements; a page of 2,000 births is a few MiB in memory. */
const PAGE_SIZE = 2000;

/**
 * Pages written at once on PostgreSQL, while this process prepares the next: a page's statements wait in turn for
 * this process and for the database, so with two the two cores were 40 % idle (200,000 records: pages 19-23 s with
 * two, 15-18 s with three or four).
 */
const PAGES_AT_ONCE = 3;
/** The connections a reindex uses at most on PostgreSQL: its pages, and one for progress marks. */
export const REINDEX_CONNECTIONS = PAGES_AT_ONCE + 1;
/** The tables whose secondary indexes a fresh run drops: unique ones stay, `on conflict` needs them... */
const REBUILT_TABLES = ['records', 'terms', 'keys', 'name_pairs'];
/**
 * ...but for the primary key of `keys`: its rows are written with `on conflict do nothing`, which needs no
 * constraint, and a record's keys are written only by whoever holds its row in `records` (distinct, after deleting
 * the old ones), so none is written twice while it is away.
 */
const REBUILT_CONSTRAINTS = ['keys_pkey'];

export async function reindex(
  database: Pick<Database, 'forSchema'> & Partial<Pick<Database, 'kind'>>,
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const started = Date.now();
  const search = searchDb(database);
  const registry = registryDb(database);
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const total = await feedSize(registry);
  const last = await search.selectFrom('reindex').selectAll().where('id', '=', RUN).executeTakeFirst();
  const resumed = !options.fresh && last !== undefined && last.finished_at === null;
  if (!resumed) {
    await search.transaction().execute(async (tx) => {
      let dropped: string[] = [];
      if (options.fresh) {
        await sql`truncate ${t.records}, ${t.terms}, ${t.keys}, ${t.name_pairs}`.execute(tx);
        dropped = await dropSecondaryIndexes(tx);
      }
      // Indexes an earlier fresh run dropped and did not build again are kept for this run to build.
      await sql`insert into ${t.reindex} (id, started_at, after_record, done, total, indexes)
        values (${RUN}, now(), null, 0, ${total}, ${dropped}::text[])
        on conflict (id) do update set started_at = now(), after_record = null, done = 0, total = ${total},
        finished_at = null, indexes = ${t.reindex}.indexes || excluded.indexes`.execute(tx);
    });
  }
  let after = resumed ? last!.after_record : null;
  let done = resumed ? last!.done : 0;
  const definitions = new Map<string, EventTypeDefinition | undefined>();
  const definitionOf = async (id: string, version: number) => {
    const key = `${id}@${version}`;
    if (!definitions.has(key)) definitions.set(key, await eventTypeAt(search, id, version));
    return definitions.get(key);
  };
  options.onProgress?.({ done, total: Math.max(total, done) });
  // The next page is read and turned into entries while this one is written: the database and this process work
  // at the same time.
  const prepare = async (from: string | null) => {
    const page = await recordFeed(registry, from, pageSize);
    const entries: IndexEntry[] = [];
    for (const record of page.records) {
      entries.push(indexEntry(record, await definitionOf(record.eventType, record.formVersion)));
    }
    return { page, entries };
  };
  const pagesAtOnce = database.kind === 'postgres' ? PAGES_AT_ONCE : 1;
  const writing: Promise<void>[] = [];
  let marked: Promise<void> = Promise.resolve();
  let next = prepare(after);
  for (;;) {
    const { page, entries } = await next;
    if (page.records.length === 0) break;
    after = page.records.at(-1)!.recordId;
    done += page.records.length;
    if (page.next !== null) {
      next = prepare(after);
      next.catch(() => undefined); // awaited on the next turn; a failed write must not leave it unhandled
    }
    const mark = { after_record: after, done };
    const written = search.transaction().execute(async (tx) => {
      // A page lost in a crash is lost with its progress mark, so the next run writes it again: no need to wait
      // for the disk on each commit.
      await sql`set local synchronous_commit = off`.execute(tx);
      await writeEntries(tx, entries);
    });
    // Marks follow the pages in order, each once its page and all before it are written: a run cut off goes on
    // after the last page written in full (a page written twice is written the same).
    const before = marked;
    marked = written.then(async () => {
      await before;
      await search.updateTable('reindex').set(mark).where('id', '=', RUN).execute();
      options.onProgress?.({ done: mark.done, total: Math.max(total, mark.done) });
    });
    marked.catch(() => undefined); // awaited below
    writing.push(marked);
    if (writing.length >= pagesAtOnce) await writing.shift();
    if (page.next === null) break;
  }
  await Promise.all(writing);
  const pagesDone = Date.now();
  const { indexes } = await search
    .selectFrom('reindex')
    .select('indexes')
    .where('id', '=', RUN)
    .executeTakeFirstOrThrow();
  await createIndexes(search, indexes, database.kind === 'postgres');
  const indexesDone = Date.now();
  // Fresh statistics for the planner: which names are common decides how a name query runs.
  await sql`analyze ${t.records}, ${t.terms}, ${t.keys}, ${t.name_pairs}, ${t.names}, ${t.name_variants}`.execute(
    search,
  );
  await search.updateTable('reindex').set({ finished_at: new Date(), indexes: [] }).where('id', '=', RUN).execute();
  const analyzed = Date.now();
  // A rebuilt index is the moment to learn the duplicate models again from all of it.
  const fitted = await refitModels(search, { force: true });
  const finished = Date.now();
  return {
    indexed: done,
    total: Math.max(total, done),
    resumed,
    seconds: (finished - started) / 1000,
    phases: {
      pages: (pagesDone - started) / 1000,
      indexes: (indexesDone - pagesDone) / 1000,
      analyze: (analyzed - indexesDone) / 1000,
      models: (finished - analyzed) / 1000,
    },
    models: fitted.map((report) => ({ eventType: report.eventType, records: report.records, pairs: report.pairs })),
  };
}

/**
 * Drops the non-unique indexes of the index's tables and the constraints of REBUILT_CONSTRAINTS; answers their
 * definitions, as statements: `CREATE INDEX ...` and `ALTER TABLE ... ADD CONSTRAINT ...`.
 */
async function dropSecondaryIndexes(tx: SearchDb): Promise<string[]> {
  const { rows } = await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
    from pg_indexes where schemaname = 'search' and tablename = any(${REBUILT_TABLES}::text[])
      and indexdef not like 'CREATE UNIQUE INDEX%'`.execute(tx);
  for (const row of rows) await sql`drop index ${sql.table(`search.${row.name}`)}`.execute(tx);
  const constraints = await sql<{ name: string; table: string; definition: string }>`select c.conname as name,
      t.relname as table, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'search' and c.conname = any(${REBUILT_CONSTRAINTS}::text[])`.execute(tx);
  for (const row of constraints.rows) {
    await sql`alter table ${sql.table(`search.${row.table}`)} drop constraint ${sql.id(row.name)}`.execute(tx);
  }
  return [
    ...rows.map((row) => row.definition),
    ...constraints.rows.map((row) => `ALTER TABLE search.${row.table} ADD CONSTRAINT ${row.name} ${row.definition}`),
  ];
}

/**
 * Builds the indexes a fresh run dropped, one after the other, each with more memory to sort in. One at a time:
 * PostgreSQL sorts a large index with parallel workers already, so two builds at once only shared the cores (at
 * 1,000,000 records: 46.8 s two at once, 42.4-49.1 s one at a time) and needed twice the sort memory.
 */
async function createIndexes(db: SearchDb, definitions: readonly string[], onPostgres: boolean): Promise<void> {
  for (const definition of new Set(definitions)) {
    await db.transaction().execute(async (tx) => {
      // The largest (7.8 million keys at a million records) sorts in fewer runs on disk. PGlite has no such setting
      // worth raising: it is one process with the memory it has.
      if (onPostgres) await sql`set local maintenance_work_mem = '512MB'`.execute(tx);
      const constraint = /^ALTER TABLE (\S+) ADD CONSTRAINT (\S+) /.exec(definition);
      if (!constraint) {
        await sql.raw(definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')).execute(tx);
        return;
      }
      const exists = await sql`select 1 from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'search' and c.conname = ${constraint[2]!}`.execute(tx);
      if (exists.rows.length === 0) await sql.raw(definition).execute(tx);
    });
  }
}
