/** All SQL of the metrics service. */
import { sql } from 'kysely';
import type { ServiceDb } from '../../core/events/tables.js';

export interface MetricsTables {
  event_counts: { type: string; count: number };
}

export type MetricsDb = ServiceDb<MetricsTables>;

export async function addEventCounts(db: MetricsDb, counts: ReadonlyMap<string, number>): Promise<void> {
  if (counts.size === 0) return;
  await db
    .insertInto('event_counts')
    .values([...counts].map(([type, count]) => ({ type, count })))
    .onConflict((conflict) => conflict.column('type').doUpdateSet({ count: sql`event_counts.count + excluded.count` }))
    .execute();
}

export async function eventCounts(db: MetricsDb): Promise<Record<string, number>> {
  const rows = await db.selectFrom('event_counts').selectAll().orderBy('type').execute();
  return Object.fromEntries(rows.map((row) => [row.type, Number(row.count)]));
}
