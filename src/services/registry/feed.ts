/**
 * Every record as it stands, in the shape of the registry's events: what a consumer that lost its copy (the search
 * index being rebuilt) reads to catch up, page by page in id order, without the registry's history of events.
 */
import { flagsOf } from './actions/act.js';
import type { RecordEventData } from './events.js';
import { stateOf, type RegistryDb } from './repository.js';

/** A record in the feed: as its last event said it, and when it was registered (null: not registered). */
export type FeedRecord = RecordEventData & { readonly registeredAt: string | null };

export interface FeedPage {
  readonly records: FeedRecord[];
  /** Give it back as `after` for the next page; null when this page was the last. */
  readonly next: string | null;
}

/** Records after the id `after` (from the first when null), at most `limit`, drafts left out (nothing is declared). */
export async function recordFeed(db: RegistryDb, after: string | null, limit: number): Promise<FeedPage> {
  // Not `data`: the state holds the declaration as it stands, and parsing it twice was most of a reindex's time.
  let query = db
    .selectFrom('records')
    .select(['id', 'tracking_id', 'event_type', 'form_version', 'area_path', 'office', 'updated_at', 'state'])
    .where('status', '!=', 'DRAFT')
    .orderBy('id')
    .limit(limit);
  if (after) query = query.where('id', '>', after);
  const rows = await query.execute();
  const records: FeedRecord[] = [];
  for (const row of rows) {
    const state = await stateOf(db, row);
    records.push({
      recordId: row.id,
      trackingId: row.tracking_id,
      eventType: row.event_type,
      formVersion: row.form_version,
      status: state.status,
      version: state.version,
      flags: flagsOf(state),
      registrationNumber: state.registrationNumber,
      areaPath: row.area_path,
      actor: { userId: state.createdBy, role: 'feed', office: row.office },
      at: row.updated_at.toISOString(),
      data: state.data,
      registeredAt: state.registeredAt,
    });
  }
  return { records, next: rows.length === limit ? rows.at(-1)!.id : null };
}

/** How many records the feed holds (drafts left out): the total a progress bar counts to. */
export async function feedSize(db: RegistryDb): Promise<number> {
  const row = await db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '!=', 'DRAFT')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
