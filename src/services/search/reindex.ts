/**
 * Rebuilding the index from the registry: every record as it stands, page by page in id order, written with the same
 * code the event consumer uses (an event arriving meanwhile is kept if newer). Where it stands is saved with each
 * page, so a run cut off (a crash, Ctrl-C) goes on from there the next time; `fresh` empties the index first.
 */
import { sql } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { EventTypeDefinition } from '../../core/forms/index.js';
import { feedSize, recordFeed, registryDb } from '../registry/api.js';
import { refitModels } from './duplicates/refit.js';
import { eventTypeAt } from './event-types.js';
import { indexEntry, type IndexEntry } from './indexing/entry.js';
import { searchDb, t, writeEntries } from './repository.js';

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
  /** The duplicate models fitted afterwards (event types with fewer records keep typical values). */
  readonly models: readonly { eventType: string; records: number; pairs: number }[];
}

const RUN = 1;

export async function reindex(
  database: Pick<Database, 'forSchema'>,
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const started = Date.now();
  const search = searchDb(database);
  const registry = registryDb(database);
  const pageSize = options.pageSize ?? 1000;
  const total = await feedSize(registry);
  const last = await search.selectFrom('reindex').selectAll().where('id', '=', RUN).executeTakeFirst();
  const resumed = !options.fresh && last !== undefined && last.finished_at === null;
  if (!resumed) {
    await search.transaction().execute(async (tx) => {
      if (options.fresh) await sql`truncate ${t.records}, ${t.terms}, ${t.keys}`.execute(tx);
      await sql`insert into ${t.reindex} (id, started_at, after_record, done, total) values (${RUN}, now(), null, 0, ${total})
        on conflict (id) do update set started_at = now(), after_record = null, done = 0, total = ${total},
        finished_at = null`.execute(tx);
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
    await search.transaction().execute(async (tx) => {
      // A page lost in a crash is lost with its progress mark, so the next run writes it again: no need to wait
      // for the disk on each commit.
      await sql`set local synchronous_commit = off`.execute(tx);
      await writeEntries(tx, entries);
      await tx.updateTable('reindex').set({ after_record: after, done }).where('id', '=', RUN).execute();
    });
    options.onProgress?.({ done, total: Math.max(total, done) });
    if (page.next === null) break;
  }
  await search.updateTable('reindex').set({ finished_at: new Date() }).where('id', '=', RUN).execute();
  // A rebuilt index is the moment to learn the duplicate models again from all of it.
  const fitted = await refitModels(search, { force: true });
  return {
    indexed: done,
    total: Math.max(total, done),
    resumed,
    seconds: (Date.now() - started) / 1000,
    models: fitted.map((report) => ({ eventType: report.eventType, records: report.records, pairs: report.pairs })),
  };
}
