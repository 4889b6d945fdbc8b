import { describe, expect, it } from 'vitest';
import { ageEqualOrOver, dayOfAge, nextAgeChange } from './age-claims.js';

const on = (day: string) => new Date(`${day}T12:00:00Z`);

describe('age statements', () => {
  it('are true from the birthday on, not the day before', () => {
    expect(ageEqualOrOver('2008-05-10', on('2026-05-09'), [18])).toEqual({ '18': false });
    expect(ageEqualOrOver('2008-05-10', on('2026-05-10'), [18])).toEqual({ '18': true });
    expect(ageEqualOrOver('1950-01-01', on('2026-05-10'))).toEqual({
      '12': true,
      '14': true,
      '16': true,
      '18': true,
      '21': true,
      '65': true,
    });
  });

  it('let someone born on 29 February reach an age on 1 March of a common year', () => {
    expect(dayOfAge('2008-02-29', 18).toISOString().slice(0, 10)).toBe('2026-03-01');
    expect(ageEqualOrOver('2008-02-29', on('2026-02-28'), [18])).toEqual({ '18': false });
    expect(dayOfAge('2008-02-29', 20).toISOString().slice(0, 10)).toBe('2028-02-29');
  });

  it('say when the next statement changes, so a credential can expire before it lies', () => {
    expect(nextAgeChange('2008-05-10', on('2026-01-01'), [16, 18, 21])?.toISOString().slice(0, 10)).toBe('2026-05-10');
    expect(nextAgeChange('1950-01-01', on('2026-01-01'), [18, 65])).toBeUndefined();
  });
});
