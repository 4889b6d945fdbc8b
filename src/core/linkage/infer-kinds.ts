/**
 * Guessing each column's kind from its header and its values, so that an unseen file can be de-duplicated without
 * configuration. The header proposes (a column called `surname` is probably a name); the values must agree (a
 * `date_of_birth` whose values are not dates is compared as text).
 */
import { looksLikeDate } from './dates.js';
import type { FieldKind } from './kinds.js';
import { normalizeCode } from './normalize.js';

export interface ColumnSample {
  readonly column: string;
  /** Distinct non-empty values and how many records hold each. */
  readonly values: readonly string[];
  readonly counts: ArrayLike<number>;
}

export interface InferredKind {
  readonly column: string;
  readonly kind: FieldKind;
  readonly why: string;
}

const HINTS: ReadonlyArray<readonly [RegExp, FieldKind]> = [
  [/(^|_)(soc_?sec|ssn|nin|uin|nid|passport|national_?id|id_?(no|number|num)|identity|tax_?(id|no|number))(_|$)/, 'id'],
  [/(date|dob|birth_?day|born|_dt$)/, 'date'],
  [
    /(given|first|fore|middle|sur|family|last|maiden|christian|other)_?names?|^(name|names|prenom|nom|nombre|apellidos?)$/,
    'name',
  ],
  [/^(surname|forename|firstname|lastname|givenname|middlename)s?$/, 'name'],
  [
    /(post_?code|zip|postal|street_?(no|num|number)|house_?(no|num|number)|number|state|province|county|region|country|sex|gender|code)/,
    'code',
  ],
  [/(address|street|road|suburb|city|town|village|locality|place|district|area|ward|building|unit|flat)/, 'text'],
];

/** A stable, documented guess for one column. */
export function inferFieldKind(sample: ColumnSample): InferredKind {
  const header = sample.column
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  const stats = summarize(sample);
  const hinted = HINTS.find(([pattern]) => pattern.test(header))?.[1];
  const result = (kind: FieldKind, why: string): InferredKind => ({ column: sample.column, kind, why });
  if (stats.records === 0) return result('ignore', 'always empty');
  if (hinted === 'date' && stats.dateShare >= 0.8) return result('date', 'header and values are dates');
  if (hinted === 'id' && stats.alphanumericShare >= 0.9) return result('id', 'header names an identity number');
  if (hinted === 'name' && stats.letterShare >= 0.8) return result('name', 'header names a person’s name');
  if (hinted === 'code' && stats.meanLength <= 12) return result('code', 'header names a short code');
  if (hinted === 'text') return result('text', 'header names an address or place');
  if (stats.dateShare >= 0.9) return result('date', 'values are dates');
  if (stats.digitShare >= 0.9 && stats.meanLength >= 6 && stats.distinctShare >= 0.2) {
    return result('id', 'values are long, varied numbers');
  }
  if (stats.letterShare >= 0.9 && !stats.hasSpaces && stats.distinct >= 30 && stats.meanLength >= 3) {
    return result('name', 'values are many different single words');
  }
  if (stats.meanLength <= 8 && !stats.hasSpaces) return result('code', 'values are short codes');
  return result('text', 'values are free text');
}

interface ColumnStats {
  readonly records: number;
  readonly dateShare: number;
  readonly digitShare: number;
  readonly letterShare: number;
  readonly alphanumericShare: number;
  readonly distinctShare: number;
  readonly distinct: number;
  readonly meanLength: number;
  readonly hasSpaces: boolean;
}

/** Shares weighted by records, over at most a few thousand distinct values (enough to decide, fast on big files). */
function summarize(sample: ColumnSample): ColumnStats {
  let records = 0;
  let dates = 0;
  let digits = 0;
  let letters = 0;
  let alphanumeric = 0;
  let length = 0;
  let spaces = 0;
  const limit = Math.min(sample.values.length, 5000);
  for (let index = 0; index < limit; index += 1) {
    const value = sample.values[index]!;
    const count = sample.counts[index]!;
    records += count;
    length += value.length * count;
    if (looksLikeDate(value)) dates += count;
    const code = normalizeCode(value);
    if (/^\d+$/.test(code)) digits += count;
    if (/^[\p{L}\s'’.-]+$/u.test(value)) letters += count;
    if (code.length > 0 && code.length >= value.replace(/\s/g, '').length - 2) alphanumeric += count;
    if (/\s/.test(value)) spaces += count;
  }
  let total = 0;
  for (let index = 0; index < sample.values.length; index += 1) total += sample.counts[index]!;
  const share = (part: number) => (records === 0 ? 0 : part / records);
  return {
    records,
    dateShare: share(dates),
    digitShare: share(digits),
    letterShare: share(letters),
    alphanumericShare: share(alphanumeric),
    distinctShare: total === 0 ? 0 : sample.values.length / total,
    distinct: sample.values.length,
    meanLength: records === 0 ? 0 : length / records,
    hasSpaces: share(spaces) > 0.2,
  };
}
