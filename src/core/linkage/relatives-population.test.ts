/**
 * The engine on a generated birth register with families (src/core/population): brothers, sisters and twins agree on
 * every family field, and must not be taken for one child entered twice; real duplicates (typing errors, phonetic
 * variants, swapped names, wrong years) must still be found. Without labels, with default settings.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCountryAreas } from '../population/birth-areas.js';
import { POPULATION_CSV_COLUMNS, populationCsvValues } from '../population/csv-writer.js';
import { generatePopulation } from '../population/generate.js';
import { findDuplicates } from './pipeline.js';
import { recordTable } from './record-table.js';

describe('a register with families', () => {
  it('finds duplicates and leaves twins and siblings apart', () => {
    const areas = readCountryAreas(fileURLToPath(new URL('../../../countries/demo', import.meta.url)));
    const births = [...generatePopulation({ count: 5000, seed: 5, areas })];
    const columns = [...POPULATION_CSV_COLUMNS];
    const table = recordTable(
      columns,
      births.map((birth) => [birth.recordId, ...populationCsvValues(birth)]),
    );
    const result = findDuplicates(table, {
      idColumn: 'record_id',
      fields: [{ column: 'person_id', kind: 'ignore' }],
    });
    const person = births.map((birth) => birth.personId);
    const birthDay = births.map((birth) => `${birth.familyId}|${birth.child.birthDate}`);
    let correct = 0;
    let twins = 0;
    for (let pair = 0; pair < result.pairs.a.length; pair += 1) {
      const a = result.pairs.a[pair]!;
      const b = result.pairs.b[pair]!;
      if (person[a] === person[b]) correct += 1;
      else if (birthDay[a] === birthDay[b]) twins += 1;
    }
    const truePairs = new Map<string, number>();
    for (const id of person) truePairs.set(id, (truePairs.get(id) ?? 0) + 1);
    const expected = [...truePairs.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
    const twinPairs = births.filter((birth, i) =>
      births.some((other, j) => j > i && other.personId !== birth.personId && birthDay[j] === birthDay[i]),
    ).length;
    expect(twinPairs).toBeGreaterThan(20);
    expect(correct / result.pairs.a.length, 'precision').toBeGreaterThan(0.97);
    expect(correct / expected, 'recall').toBeGreaterThan(0.93);
    expect(twins / twinPairs, 'twins taken for one child').toBeLessThan(0.1);
  }, 120_000);
});
