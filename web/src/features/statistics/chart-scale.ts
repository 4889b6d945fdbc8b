/** Axis helpers for the hand-drawn charts: a round top for the scale and its grid lines. */

/** The smallest "round" number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ) at or above `value`; at least 4 (four grid steps). */
export function niceCeiling(value: number): number {
  if (value <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Grid values from 0 to the top in `count` equal steps, whole numbers only when the top allows. */
export function ticks(top: number, count = 4): number[] {
  const step = top / count;
  const values = Array.from({ length: count + 1 }, (_, index) => index * step);
  return Number.isInteger(step) ? values : values.filter((value) => Number.isInteger(value));
}

/** "Jan", "févr." in the user's language. */
export function monthLabel(month: string, lang: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    month: 'short',
    timeZone: 'UTC',
  });
}

export function percent(value: number | null, lang: string): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(value);
}

export function count(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(value);
}
