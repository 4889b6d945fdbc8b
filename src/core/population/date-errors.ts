/**
 * The mistakes made in a birth date: a day off by one (midnight births, counting from the wrong day), day and month
 * swapped (03/07 read as 07/03), the year typed one to three years off, or one digit mistyped. Each result is a real
 * calendar date within `bounds`, so that a duplicate still passes the form's validation (a register refuses
 * 2019-02-30, a birth in the future and a child born before its mother); a mistake that cannot give one answers
 * undefined.
 *
 * @example
 * dateError('2019-03-07', 'date-day-month-swapped', random, { earliest: '1990-01-01', latest: '2025-12-31' });
 * // '2019-07-03'
 */
import { daysFromCivil, isoOf, isRealDate } from './calendar.js';
import type { Random } from './random.js';
import { digitError } from './typing-errors.js';

export type DateErrorKind = 'date-day' | 'date-day-month-swapped' | 'date-year' | 'date-digit';

export interface DateBounds {
  readonly earliest: string;
  readonly latest: string;
}

export function dateError(iso: string, kind: DateErrorKind, random: Random, bounds: DateBounds): string | undefined {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  let result: string | undefined;
  switch (kind) {
    case 'date-day':
      result = isoOf(daysFromCivil(year, month, day) + (random.chance(0.5) ? 1 : -1));
      break;
    case 'date-day-month-swapped':
      result = day <= 12 && day !== month ? format(year, day, month) : undefined;
      break;
    case 'date-year': {
      const shifted = year + (random.chance(0.5) ? 1 : -1) * random.between(1, 3);
      result = isRealDate(shifted, month, day) ? format(shifted, month, day) : undefined;
      break;
    }
    case 'date-digit': {
      // Eight digits, YYYYMMDD; a mistyped digit that makes no real date is tried again a few times.
      const digits = iso.replace(/-/g, '');
      for (let attempt = 0; attempt < 8 && result === undefined; attempt += 1) {
        const typed = digitError(digits, random);
        const [y, m, d] = [Number(typed.slice(0, 4)), Number(typed.slice(4, 6)), Number(typed.slice(6, 8))];
        if (typed !== digits && isRealDate(y, m, d)) result = format(y, m, d);
      }
      break;
    }
  }
  if (result === undefined || result === iso) return undefined;
  return result >= bounds.earliest && result <= bounds.latest ? result : undefined;
}

function format(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
