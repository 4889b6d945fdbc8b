import { describe, expect, it } from 'vitest';
import {
  formatRegistrationNumber,
  registrationNumberProblems,
  registrationNumberSeries,
} from './registration-number.js';

describe('registration numbers', () => {
  it('fills the year, the district and the office, and zero-pads the sequence', () => {
    expect(formatRegistrationNumber('B{year}-{district}-{seq:6}', { year: 2025, district: 'CEN-IBO', seq: 42 })).toBe(
      'B2025-CEN-IBO-000042',
    );
    expect(formatRegistrationNumber('{office}/{year}/{seq:3}', { year: 2025, office: 'OFF-IBO', seq: 7 })).toBe(
      'OFF-IBO/2025/007',
    );
  });

  it('lets a sequence outgrow its padding rather than repeat a number', () => {
    expect(formatRegistrationNumber('D{seq:2}', { year: 2025, seq: 123 })).toBe('D123');
  });

  it('refuses to format without a value the format needs, or with a sequence below 1', () => {
    expect(() => formatRegistrationNumber('B{district}{seq:4}', { year: 2025, seq: 1 })).toThrow(/district/);
    expect(() => formatRegistrationNumber('B{seq:4}', { year: 2025, seq: 0 })).toThrow(/seq/);
  });

  it('names the series a sequence is counted in', () => {
    expect(registrationNumberSeries('B{year}-{district}-{seq:6}', { year: 2025, district: 'CEN-IBO' })).toBe(
      'B2025-CEN-IBO-{seq:6}',
    );
  });

  it('finds unknown tokens, stray braces and a missing or repeated sequence', () => {
    expect(registrationNumberProblems('B{year}-{district}-{seq:6}')).toEqual([]);
    expect(registrationNumberProblems('B{yr}-{seq:6}')).toEqual([
      '{yr} is not a token: use {year}, {office}, {district} or {seq:N} (N from 1 to 20)',
    ]);
    expect(registrationNumberProblems('B{year}-{seq:6}-{seq:2}')).toEqual([
      'must contain {seq:N} exactly once, so that every number is different',
    ]);
    expect(registrationNumberProblems('B{year-{seq:6}')).toEqual(['has a { or } that does not enclose a token']);
    expect(registrationNumberProblems('B{year}')).toEqual([
      'must contain {seq:N} exactly once, so that every number is different',
    ]);
  });
});
