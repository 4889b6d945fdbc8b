/**
 * Registration statistics as the routes answer them: counts by area and month split by timeliness, and completeness
 * (events registered against the events expected), each area asked for with every month, zeros included.
 */
import type { Timeliness } from '../../core/forms/timeliness.js';
import { countByEventYear, countByMonth, listEstimates, type CountRow, type MetricsDb } from './repository.js';

export interface Counts {
  total: number;
  onTime: number;
  late: number;
  delayed: number;
}

const FIELD: Readonly<Record<Timeliness, keyof Counts>> = { 'on-time': 'onTime', late: 'late', delayed: 'delayed' };

const zero = (): Counts => ({ total: 0, onTime: 0, late: 0, delayed: 0 });

function add(counts: Counts, row: CountRow): void {
  counts.total += row.count;
  if (row.timeliness) counts[FIELD[row.timeliness]] += row.count;
}

/** Every month from..to (YYYY-MM), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let key = from; key <= to;) {
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    key = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

export interface ByMonthQuery {
  readonly eventType?: string | undefined;
  readonly from: string;
  readonly to: string;
  readonly areas?: readonly string[] | undefined;
}

export async function registrationsByMonth(db: MetricsDb, query: ByMonthQuery) {
  const months = monthsBetween(query.from, query.to);
  const rows = await countByMonth(db, query);
  const keys: (string | null)[] = query.areas ? [...query.areas] : [null];
  const series = keys.map((area) => ({
    area,
    months: months.map((month) => ({ month, ...zero() })),
  }));
  const index = new Map(keys.map((area, position) => [area, position]));
  for (const row of rows) {
    const entry = series[index.get(row.area)!]?.months[months.indexOf(row.key)];
    if (entry) add(entry, row);
  }
  return { eventType: query.eventType ?? null, from: query.from, to: query.to, months, series };
}

export interface CompletenessQuery {
  readonly eventType: string;
  readonly year: number;
  readonly areas: readonly string[];
  /** Today, for the part of the current year gone by. */
  readonly now: Date;
}

/** The share of a year gone by on `now`: 1 for past years, 0 for future ones. */
export function yearElapsed(year: number, now: Date): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
}

const ratio = (count: number, expected: number | null) =>
  expected && expected > 0 ? Math.round((count / expected) * 1000) / 1000 : null;

export async function completeness(db: MetricsDb, query: CompletenessQuery) {
  const [rows, estimates] = await Promise.all([
    countByEventYear(db, query),
    listEstimates(db, { eventType: query.eventType, year: query.year, areas: query.areas }),
  ]);
  const expectedOf = new Map(estimates.map((estimate) => [estimate.area, estimate.expected]));
  const elapsed = yearElapsed(query.year, query.now);
  return {
    eventType: query.eventType,
    year: query.year,
    yearElapsed: Math.round(elapsed * 1000) / 1000,
    areas: query.areas.map((area) => {
      const counts = zero();
      for (const row of rows) if (row.area === area) add(counts, row);
      const expected = expectedOf.get(area) ?? null;
      const expectedToDate = expected === null ? null : Math.round(expected * elapsed);
      return {
        area,
        ...counts,
        expected,
        expectedToDate,
        completeness: ratio(counts.total, expectedToDate),
        onTimeCompleteness: ratio(counts.onTime, expectedToDate),
      };
    }),
  };
}
