/**
 * Age statements derived from the birth date at issuance (`age_equal_or_over`, as in SD-JWT VC and the EU PID): each
 * threshold is its own disclosure, so a holder proves "18 or over" without showing the birth date or any other
 * threshold. The statements are true on the day of issuance; `nextAgeChange` says when one stops being true, so that
 * the credential can expire then and never state a stale "not yet 18".
 *
 * A person born on 29 February reaches each age on 1 March in years that have no 29 February.
 */

/** The thresholds stated when the configuration names none. */
export const AGE_THRESHOLDS = [12, 14, 16, 18, 21, 65] as const;

/** The day (UTC) a person born on `birthDate` (YYYY-MM-DD) reaches `years`. */
export function dayOfAge(birthDate: string, years: number): Date {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 29 February of a common year over to 1 March.
  return new Date(Date.UTC(year + years, month - 1, day));
}

/** `{ '18': true, ... }`: whether the person has reached each threshold on `on`. */
export function ageEqualOrOver(
  birthDate: string,
  on: Date,
  thresholds: readonly number[] = AGE_THRESHOLDS,
): Record<string, boolean> {
  return Object.fromEntries(
    thresholds.map((years) => [String(years), dayOfAge(birthDate, years).getTime() <= on.getTime()]),
  );
}

/** The first day after `on` on which a statement of `ageEqualOrOver` changes; undefined when none will. */
export function nextAgeChange(
  birthDate: string,
  on: Date,
  thresholds: readonly number[] = AGE_THRESHOLDS,
): Date | undefined {
  const ahead = thresholds.map((years) => dayOfAge(birthDate, years)).filter((day) => day.getTime() > on.getTime());
  return ahead.length === 0 ? undefined : new Date(Math.min(...ahead.map((day) => day.getTime())));
}
