import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCountryAreas } from './birth-areas.js';
import type { GeneratedBirth } from './birth-record.js';
import { csvQuote, POPULATION_CSV_COLUMNS, populationCsvHeader, populationCsvLine } from './csv-writer.js';
import { generatePopulation } from './generate.js';

const areas = readCountryAreas(new URL('../../../countries/demo/', import.meta.url).pathname);

describe('the population CSV', () => {
  it('quotes a value only when it must, as RFC 4180 says', () => {
    expect(csvQuote('Banda')).toBe('Banda');
    expect(csvQuote('')).toBe('');
    expect(csvQuote('Banda, Jr')).toBe('"Banda, Jr"');
    expect(csvQuote('the "Lion"')).toBe('"the ""Lion"""');
    expect(csvQuote('two\nlines')).toBe('"two\nlines"');
    expect(csvQuote(' Banda')).toBe('" Banda"');
  });

  it('has a stable header, one line per record, and reads back to the same values', () => {
    const records = [...generatePopulation({ count: 300, seed: 'csv', areas })];
    const odd: GeneratedBirth = {
      ...records[0]!,
      child: { ...records[0]!.child, givenNames: 'Mary, "Ann"', familyName: ' Banda' },
    };
    const text = populationCsvHeader() + [...records, odd].map(populationCsvLine).join('');
    expect(text.split('\n')[0]).toBe(
      'record_id,person_id,child_given_names,child_family_name,sex,birth_date,birth_district,mother_given_names,' +
        'mother_family_name,mother_birth_date,mother_national_id,mother_phone,father_given_names,father_family_name,' +
        'father_birth_date',
    );
    const rows = parse(text, { columns: true }) as Record<(typeof POPULATION_CSV_COLUMNS)[number], string>[];
    expect(rows).toHaveLength(301);
    expect(rows[0]!.record_id).toBe(records[0]!.recordId);
    expect(rows[0]!.mother_national_id).toBe(records[0]!.mother.nationalId ?? '');
    expect(rows[300]!.child_given_names).toBe('Mary, "Ann"');
    expect(rows[300]!.child_family_name).toBe(' Banda');
    for (const row of rows) {
      expect(row.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.mother_national_id).toMatch(/^(\d{10})?$/);
      expect(row.mother_phone).toMatch(/^(\+2609\d{8})?$/);
      expect(areas.map((area) => area.code)).toContain(row.birth_district);
    }
  });
});
