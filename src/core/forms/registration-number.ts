/**
 * Registration numbers from an event type's format, e.g. `B{year}-{district}-{seq:6}` → `B2025-CEN-IBO-000042`.
 *
 * @module
 */

export interface RegistrationNumberValues {
  /** Year of registration. */
  readonly year: number;
  /** Code of the registering office. */
  readonly office?: string;
  /** Code of the record's area at the event type's `registrationNumber.areaLevel`. */
  readonly district?: string;
  /** The sequence number within the series (see `registrationNumberSeries`), from 1. */
  readonly seq: number;
}

const TOKEN = /\{([^{}]*)\}/g;
const SEQ = /^seq:([1-9]\d?)$/;

/** What is wrong with a format, if anything: unknown tokens, a missing or repeated `{seq:N}`, stray braces. */
export function registrationNumberProblems(format: string): string[] {
  const problems: string[] = [];
  let sequences = 0;
  for (const [, token] of format.matchAll(TOKEN)) {
    if (token === 'year' || token === 'office' || token === 'district') continue;
    const seq = SEQ.exec(token ?? '');
    if (seq && Number(seq[1]) <= 20) sequences += 1;
    else problems.push(`{${token}} is not a token: use {year}, {office}, {district} or {seq:N} (N from 1 to 20)`);
  }
  if (/[{}]/.test(format.replace(TOKEN, ''))) problems.push('has a { or } that does not enclose a token');
  if (sequences !== 1) problems.push('must contain {seq:N} exactly once, so that every number is different');
  return problems;
}

/**
 * The registration number for these values. The sequence is zero-padded to N digits (and longer when it outgrows
 * them, so numbers stay unique). Throws when the format needs a value that is not given.
 *
 * @example formatRegistrationNumber('B{year}-{district}-{seq:6}', { year: 2025, district: 'CEN-IBO', seq: 42 })
 * // 'B2025-CEN-IBO-000042'
 */
export function formatRegistrationNumber(format: string, values: RegistrationNumberValues): string {
  if (!Number.isSafeInteger(values.seq) || values.seq < 1) throw new Error(`seq must be a positive integer`);
  return render(format, values, (digits) => String(values.seq).padStart(digits, '0'));
}

/**
 * The series a number belongs to: the format with every token but `{seq:N}` filled in, e.g. `B2025-CEN-IBO-{seq:6}`.
 * Count the sequence per series, so each district (or office, or year) numbers its records from 1.
 */
export function registrationNumberSeries(format: string, values: Omit<RegistrationNumberValues, 'seq'>): string {
  return render(format, values, (digits) => `{seq:${digits}}`);
}

function render(
  format: string,
  values: Omit<RegistrationNumberValues, 'seq'>,
  sequence: (digits: number) => string,
): string {
  return format.replace(TOKEN, (whole, token: string) => {
    if (token === 'year') return String(values.year);
    if (token === 'office' || token === 'district') {
      const value = values[token];
      if (!value) throw new Error(`the registration number format ${format} needs the ${token} code`);
      return value;
    }
    const seq = SEQ.exec(token);
    if (seq) return sequence(Number(seq[1]));
    throw new Error(`${whole} is not a token of a registration number`);
  });
}
