import { describe, expect, it } from 'vitest';
import { registrationFee, timeliness } from './timeliness.js';

const periods = { onTimeDays: 30, lateDays: 365 };
const fees = { currency: 'XDC', onTime: 0, late: 5, delayed: 10 };

describe('timeliness', () => {
  it('is on time up to day 30, late from day 31 to day 365, delayed from day 366', () => {
    expect(timeliness('2025-01-01', '2025-01-01', periods)).toBe('on-time');
    expect(timeliness('2025-01-01', '2025-01-31', periods)).toBe('on-time');
    expect(timeliness('2025-01-01', '2025-02-01', periods)).toBe('late');
    expect(timeliness('2025-01-01', '2026-01-01', periods)).toBe('late');
    expect(timeliness('2025-01-01', '2026-01-02', periods)).toBe('delayed');
  });

  it('counts calendar days across a leap day, and reads a Date as its UTC day', () => {
    expect(timeliness('2024-02-28', '2024-03-30', periods)).toBe('late');
    expect(timeliness('2024-02-28', '2024-03-29', periods)).toBe('on-time');
    expect(timeliness('2025-01-01', new Date('2025-01-31T23:59:59Z'), periods)).toBe('on-time');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => timeliness('2025-02-30', '2025-03-01', periods)).toThrow(/YYYY-MM-DD/);
  });

  it('gives the fee of each timeliness', () => {
    expect([registrationFee(fees, 'on-time'), registrationFee(fees, 'late'), registrationFee(fees, 'delayed')]).toEqual(
      [0, 5, 10],
    );
  });
});
