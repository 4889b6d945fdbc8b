import { describe, expect, it } from 'vitest';
import { demoDefinition } from '../forms/test-definitions.js';
import { validateDeclaration } from '../forms/validate.js';
import { readCountryAreas } from './birth-areas.js';
import { toBirthDeclaration } from './declaration.js';
import { generatePopulation } from './generate.js';

const birth = demoDefinition('birth');
const areas = readCountryAreas(new URL('../../../countries/demo/', import.meta.url).pathname);
const records = [...generatePopulation({ count: 600, seed: 'declarations', areas, duplicateRate: 0.3 })];
const today = '2026-01-01';

describe('toBirthDeclaration', () => {
  it('gives declarations the demo birth form accepts as complete, duplicates and their mistakes included', () => {
    expect(records.some((record) => record.errors.length > 0)).toBe(true);
    expect(records.some((record) => record.father === undefined)).toBe(true);
    expect(records.some((record) => record.informant.type === 'other')).toBe(true);
    expect(records.some((record) => record.mother.nationality === 'other')).toBe(true);
    const invalid = records
      .map((record) => ({
        record: record.recordId,
        ...validateDeclaration(birth, toBirthDeclaration(record, { proofOfBirth: 'doc-1' }), { complete: true, today }),
      }))
      .filter((result) => result.errors.length > 0 || result.missing.length > 0);
    expect(invalid).toEqual([]);
  });

  it('leaves a facility birth incomplete without its proof of birth, and nothing else missing', () => {
    const atFacility = records.filter((record) => record.child.placeOfBirthType === 'health-facility');
    const atHome = records.filter((record) => record.child.placeOfBirthType !== 'health-facility');
    expect(atFacility.length).toBeGreaterThan(100);
    expect(atHome.length).toBeGreaterThan(20);
    for (const record of atFacility.slice(0, 50)) {
      expect(validateDeclaration(birth, toBirthDeclaration(record), { complete: false, today })).toEqual({
        errors: [],
        missing: ['documents.proofOfBirth'],
      });
    }
    expect(toBirthDeclaration(atHome[0]!, { proofOfBirth: 'doc-1' }).documents).toBeUndefined();
  });

  it('maps the record onto the form’s sections and fields', () => {
    const record = records.find((one) => one.father && one.child.placeOfBirthType === 'health-facility')!;
    const data = toBirthDeclaration(record);
    expect(data.child).toMatchObject({
      firstNames: record.child.givenNames,
      familyName: record.child.familyName,
      sex: record.child.sex,
      birthDate: record.child.birthDate,
      placeOfBirthType: 'health-facility',
      birthFacility: record.child.birthFacility,
      placeOfBirthArea: record.child.birthDistrict,
    });
    expect(data.mother).toMatchObject({ firstNames: record.mother.givenNames, familyName: record.mother.familyName });
    expect(data.father).toMatchObject({ firstNames: record.father!.givenNames });
    const fatherless = records.find((one) => !one.father)!;
    expect(toBirthDeclaration(fatherless).father).toEqual({
      detailsNotAvailable: true,
      reasonNotAvailable: 'Not known to the informant',
    });
  });
});
