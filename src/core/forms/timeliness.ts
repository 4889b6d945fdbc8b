/**
 * Whether a registration is on time, late or delayed, from the event type's legal periods, and the fee that follows.
 *
 * @module
 */
import { dayNumber, toIsoDate } from './dates.js';
import type { Fees, LegalPeriods } from './definition.js';

export type Timeliness = 'on-time' | 'late' | 'delayed';

/**
 * Counts calendar days from the event to the registration: up to `onTimeDays` is on time, up to `lateDays` late,
 * beyond that delayed. Dates are `YYYY-MM-DD` strings, or `Date`s read as their UTC day: pass the country's local
 * date as a string when the difference matters.
 *
 * @example timeliness('2025-01-01', '2025-01-31', { onTimeDays: 30, lateDays: 365 }) // 'on-time' (day 30)
 */
export function timeliness(
  eventDate: string | Date,
  registrationDate: string | Date,
  periods: LegalPeriods,
): Timeliness {
  const days = daysFrom(eventDate, registrationDate);
  if (days <= periods.onTimeDays) return 'on-time';
  if (days <= periods.lateDays) return 'late';
  return 'delayed';
}

/** The fee a registration of this timeliness costs, in `fees.currency`. */
export function registrationFee(fees: Fees, when: Timeliness): number {
  switch (when) {
    case 'on-time':
      return fees.onTime;
    case 'late':
      return fees.late;
    case 'delayed':
      return fees.delayed;
  }
}

function daysFrom(from: string | Date, to: string | Date): number {
  const start = dayNumber(toIsoDate(from));
  const end = dayNumber(toIsoDate(to));
  if (start === undefined || end === undefined)
    throw new Error(`not a YYYY-MM-DD date: ${String(from)} or ${String(to)}`);
  return end - start;
}
