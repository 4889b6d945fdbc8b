/**
 * Dates as compared: eight digits, year, month and day (YYYYMMDD), kept even when they are not a valid calendar date
 * (a typed 19160017 is still close to 19161017). Day-first and month-first forms are told apart from the whole column.
 *
 * @example
 * const order = inferDateOrder(['03/12/1990', '25/01/1985']); // 'dmy'
 * normalizeDate('3/12/1990', order); // '19901203'
 */

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_FIRST = /^(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})(?:[T ].*)?$/;
const YEAR_LAST = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/;

/** Which of day-first or month-first a column's D/M/YYYY values use: day-first unless a middle part exceeds 12. */
export function inferDateOrder(values: Iterable<string>): DateOrder {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const value of values) {
    const match = YEAR_LAST.exec(value.trim());
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst += 1;
    if (Number(match[2]) > 12) monthFirst += 1;
  }
  return monthFirst > dayFirst ? 'mdy' : 'dmy';
}

/** Eight digits YYYYMMDD, or undefined when the value is not written as a date at all. */
export function normalizeDate(value: string, order: DateOrder = 'dmy'): string | undefined {
  const text = value.trim();
  const compact = COMPACT.exec(text);
  if (compact) return text;
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst) return yearFirst[1]! + pad(yearFirst[2]!) + pad(yearFirst[3]!);
  const yearLast = YEAR_LAST.exec(text);
  if (yearLast) {
    const [day, month] = order === 'mdy' ? [yearLast[2]!, yearLast[1]!] : [yearLast[1]!, yearLast[2]!];
    return yearLast[3]! + pad(month) + pad(day);
  }
  return undefined;
}

/** Whether a value looks like a date of the last few centuries, in any of the forms read above. */
export function looksLikeDate(value: string): boolean {
  const digits = normalizeDate(value);
  if (digits === undefined) return false;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return year >= 1800 && year <= 2200 && month <= 12 && day <= 31;
}

function pad(part: string): string {
  return part.padStart(2, '0');
}
