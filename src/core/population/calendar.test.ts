import { describe, expect, it } from 'vitest';
import { dayOf, isoOf, isRealDate } from './calendar.js';

describe('calendar', () => {
  it('agrees with Date on every day from 1890 to 2050', () => {
    for (let day = -29_220; day < 29_220; day += 1) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (isoOf(day) !== iso || dayOf(iso) !== day) expect({ day, iso: isoOf(day) }).toEqual({ day, iso });
    }
  });

  it('knows which dates are real', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(2023, 4, 31)).toBe(false);
    expect(isRealDate(2023, 13, 1)).toBe(false);
  });
});
