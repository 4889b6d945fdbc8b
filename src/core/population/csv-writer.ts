/**
 * Generated births as CSV: a header and one line per record, in a column order that does not change (benchmarks
 * and scripts read these files by column name and position). Values are quoted as RFC 4180 says, only when they
 * hold a comma, a double quote or a line break (doubling the quotes), or start or end with a space (which readers
 * trim); lines end with LF, which every CSV reader here accepts. An empty value means not known.
 *
 * @example
 * populationCsvHeader(); // 'record_id,person_id,child_given_names,...\n'
 * populationCsvLine(record); // 'R0000001,P0000001,Grace Mwansa,Banda,female,2019-03-07,CEN-IBO,...\n'
 */
import type { GeneratedBirth, UnnumberedBirth } from './birth-record.js';

export const POPULATION_CSV_COLUMNS = [
  'record_id',
  'person_id',
  'child_given_names',
  'child_family_name',
  'sex',
  'birth_date',
  'birth_district',
  'mother_given_names',
  'mother_family_name',
  'mother_birth_date',
  'mother_national_id',
  'mother_phone',
  'father_given_names',
  'father_family_name',
  'father_birth_date',
] as const;

export function populationCsvHeader(): string {
  return `${POPULATION_CSV_COLUMNS.join(',')}\n`;
}

export function populationCsvLine(record: GeneratedBirth): string {
  const values = populationCsvValues(record);
  values.unshift(record.recordId);
  const line = values.join(',');
  // Generated values almost never need quotes: one scan of the line instead of one per value.
  return isPlain(line, values.length - 1) ? `${line}\n` : `${values.map(csvQuote).join(',')}\n`;
}

/** The values of every column but record_id, unquoted, in column order. */
export function populationCsvValues(record: UnnumberedBirth): string[] {
  const { child, mother, father } = record;
  return [
    record.personId,
    child.givenNames,
    child.familyName,
    child.sex,
    child.birthDate,
    child.birthDistrict,
    mother.givenNames,
    mother.familyName,
    mother.birthDate ?? '',
    mother.nationalId ?? '',
    mother.phone ?? '',
    father?.givenNames ?? '',
    father?.familyName ?? '',
    father?.birthDate ?? '',
  ];
}

export function csvQuote(value: string): string {
  return needsQuotes(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function needsQuotes(value: string): boolean {
  return /[",\r\n]|^\s|\s$/.test(value);
}

const COMMA = 44;
const QUOTE = 34;
const SPACE = 32;

/** Whether a line of values joined by commas holds no comma, quote, line break or edge space of its own. */
function isPlain(line: string, separators: number): boolean {
  let commas = 0;
  for (let index = 0; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    if (code === COMMA) commas += 1;
    else if (code === QUOTE || code < SPACE) return false;
    else if (code === SPACE) {
      const before = index === 0 ? COMMA : line.charCodeAt(index - 1);
      const after = index === line.length - 1 ? COMMA : line.charCodeAt(index + 1);
      if (before === COMMA || after === COMMA) return false;
    }
  }
  return commas === separators;
}
