/** Calendar dates as `YYYY-MM-DD` strings, compared and counted without time zones. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The day number (days since 1970-01-01) of a real `YYYY-MM-DD` date, or `undefined` (2025-02-30 is not a date). */
export function dayNumber(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const parsed = new Date(time);
  // Date.UTC rolls 2025-02-30 over to March: a real date reads back the same.
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) {
    return undefined;
  }
  return time / DAY_MS;
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && dayNumber(value) !== undefined;
}

/** A `Date` as the `YYYY-MM-DD` of its UTC day; a string is returned as it is. */
export function toIsoDate(date: Date | string): string {
  return typeof date === 'string' ? date : date.toISOString().slice(0, 10);
}

/** Whole years from `birth` to `on` (both `YYYY-MM-DD`): the age on that day. */
export function ageInYears(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}
