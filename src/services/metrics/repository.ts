/** All SQL of the metrics service. */
import { sql } from 'kysely';
import type { ServiceDb } from '../../core/events/tables.js';

export interface MetricsTables {
  event_counts: { type: string; count: number };
}

export type MetricsDb = ServiceDb<MetricsTables>;

export async function incrementEventCount(db: MetricsDb, type: string): Promise<void> {
  await db
    .insertInto('event_counts')
    .values({ type, count: 1 })
    .onConflict((conflict) => conflict.column('type').doUpdateSet({ count: sql`event_counts.count + 1` }))
    .execute();
}

export async function eventCounts(db: MetricsDb): Promise<Record<string, number>> {
  const rows = await db.selectFrom('event_counts').selectAll().orderBy('type').execute();
  return Object.fromEntries(rows.map((row) => [row.type, Number(row.count)]));
}
