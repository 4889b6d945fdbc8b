import { describe, expect, it } from 'vitest';
import { readCountryAreas } from './birth-areas.js';
import type { GeneratedBirth } from './birth-record.js';
import { populationCsvHeader, populationCsvLine, populationCsvValues } from './csv-writer.js';
import { generatePopulation, type PopulationOptions } from './generate.js';
import { LANGUAGES } from './names/name-list.js';
import { NAME_LISTS } from './names/languages.js';

const areas = readCountryAreas(new URL('../../../countries/demo/', import.meta.url).pathname);
const generate = (options: Partial<PopulationOptions> = {}) => [
  ...generatePopulation({ count: 12_000, seed: 'test', areas, ...options }),
];
const csv = (records: readonly GeneratedBirth[]) => populationCsvHeader() + records.map(populationCsvLine).join('');
const population = generate();
const byPerson = new Map<string, GeneratedBirth[]>();
for (const record of population) byPerson.set(record.personId, [...(byPerson.get(record.personId) ?? []), record]);

describe('generatePopulation', () => {
  it('gives byte-identical output for the same seed, and different output for another', () => {
    const small = { count: 3000, seed: 42 };
    expect(csv(generate(small))).toBe(csv(generate(small)));
    expect(csv(generate({ ...small, seed: 43 }))).not.toBe(csv(generate(small)));
  });

  it('makes exactly the number of records asked for, each with its own record id', () => {
    expect(population).toHaveLength(12_000);
    expect(new Set(population.map((record) => record.recordId)).size).toBe(12_000);
    expect(generate({ count: 0 })).toEqual([]);
    expect(generate({ count: 1 })).toHaveLength(1);
  });

  it('gives a tenth of the children (or the share asked for) one to three duplicates', () => {
    const share = (records: readonly GeneratedBirth[]) => {
      const people = new Map<string, number>();
      for (const record of records) people.set(record.personId, (people.get(record.personId) ?? 0) + 1);
      const counts = [...people.values()];
      expect(Math.max(...counts)).toBeLessThanOrEqual(4);
      return counts.filter((count) => count > 1).length / counts.length;
    };
    expect(share(population)).toBeGreaterThan(0.09);
    expect(share(population)).toBeLessThan(0.11);
    const fewer = generate({ count: 8000, duplicateRate: 0.3 });
    expect(share(fewer)).toBeGreaterThan(0.27);
    expect(share(fewer)).toBeLessThan(0.33);
    expect(share(generate({ count: 5000, duplicateRate: 0 }))).toBe(0);
  });

  it('makes each duplicate differ from its child’s first record in at least one column, and says how', () => {
    let duplicates = 0;
    for (const records of byPerson.values()) {
      const [original, ...copies] = records.sort((a, b) => a.errors.length - b.errors.length);
      expect(original!.errors).toEqual([]);
      for (const copy of copies) {
        duplicates += 1;
        expect(copy.errors.length).toBeGreaterThan(0);
        expect(populationCsvValues(copy)).not.toEqual(populationCsvValues(original!));
      }
    }
    expect(duplicates).toBeGreaterThan(800);
    const kinds = new Set(population.flatMap((record) => record.errors));
    expect(kinds.size).toBeGreaterThanOrEqual(12);
  });

  it('makes twins at about 1.5% of deliveries: one mother, birth date and place, different given names', () => {
    const firsts = population.filter((record) => record.errors.length === 0);
    const twins = firsts.filter((record) => record.child.typeOfBirth === 'twin');
    const deliveries = firsts.length - twins.length / 2;
    expect(twins.length / 2 / deliveries).toBeGreaterThan(0.01);
    expect(twins.length / 2 / deliveries).toBeLessThan(0.02);
    const pairs = new Map<string, GeneratedBirth[]>();
    for (const twin of twins) {
      const key = `${twin.familyId} ${twin.child.birthDate}`;
      pairs.set(key, [...(pairs.get(key) ?? []), twin]);
    }
    // The last record made may be the first of twins whose second did not fit in the count.
    const complete = [...pairs.values()].filter((pair) => pair.length === 2);
    expect(pairs.size - complete.length).toBeLessThanOrEqual(1);
    expect(complete.length).toBeGreaterThan(50);
    for (const [a, b] of complete) {
      expect(a!.personId).not.toBe(b!.personId);
      expect(a!.mother).toEqual(b!.mother);
      expect(a!.child.birthDistrict).toBe(b!.child.birthDistrict);
      expect(a!.child.birthFacility).toBe(b!.child.birthFacility);
      expect(a!.child.givenNames.split(' ')[0]).not.toBe(b!.child.givenNames.split(' ')[0]);
    }
  });

  it('gives siblings their family name and mother, and each their own given name, person id and birth date', () => {
    const families = new Map<string, GeneratedBirth[]>();
    for (const record of population.filter((one) => one.errors.length === 0)) {
      families.set(record.familyId, [...(families.get(record.familyId) ?? []), record]);
    }
    const large = [...families.values()].filter((children) => children.length >= 3);
    expect(large.length).toBeGreaterThan(300);
    for (const children of large) {
      expect(new Set(children.map((child) => child.child.familyName)).size).toBe(1);
      expect(new Set(children.map((child) => child.mother.nationalId)).size).toBe(1);
      expect(new Set(children.map((child) => child.personId)).size).toBe(children.length);
      const firstNames = children.map((child) => child.child.givenNames.split(' ')[0]);
      expect(new Set(firstNames).size).toBe(children.length);
    }
  });

  it('draws names from every language, some far more often than others', () => {
    const languages = new Set(population.map((record) => record.language));
    expect([...languages].sort()).toEqual([...LANGUAGES].sort());
    const given = new Map<string, number>();
    for (const record of population) {
      const first = record.child.givenNames.split(' ')[0]!;
      given.set(first, (given.get(first) ?? 0) + 1);
    }
    const listed = (name: string) =>
      LANGUAGES.filter((language) => {
        const list = NAME_LISTS[language];
        return list.female.includes(name) || list.male.includes(name);
      });
    const origins = new Set([...given.keys()].flatMap(listed));
    expect(origins.size).toBe(LANGUAGES.length);
    const counts = [...given.values()].sort((a, b) => b - a);
    expect(counts[0]!).toBeGreaterThan(20 * counts[Math.floor(counts.length / 2)]!);
  });

  it('keeps dates in order: children born in the 30 years before the reference date, after their parents', () => {
    const firsts = population.filter((record) => record.errors.length === 0);
    expect(firsts.every(({ child }) => child.birthDate >= '1995-12-01' && child.birthDate < '2026-01-01')).toBe(true);
    // A duplicate's birth date may be typed years off (a year or a digit wrong), but never into the future.
    for (const { child, mother, father } of population) {
      if (child.birthDate >= '2026-01-01') expect(child.birthDate).toBe('before the reference date');
      if (mother.birthDate! > child.birthDate) expect(mother.birthDate).toBe(`before ${child.birthDate}`);
      if (father?.birthDate && father.birthDate > child.birthDate) expect(father.birthDate).toBe('before the child');
    }
    const later = generate({ count: 2000, referenceDate: '2000-01-01', years: 5 }).filter(
      (record) => record.errors.length === 0,
    );
    const inWindow = ({ child }: GeneratedBirth) => child.birthDate < '2000-01-01' && child.birthDate >= '1995-01-01';
    expect(later.every(inWindow)).toBe(true);
  });

  it('refuses options that make no sense', () => {
    expect(() => generate({ count: -1 })).toThrow(/count/);
    expect(() => generate({ duplicateRate: 1.5 })).toThrow(/duplicateRate/);
    expect(() => generate({ areas: [] })).toThrow(/areas/);
    expect(() => generate({ referenceDate: '2026-02-30' })).toThrow(/referenceDate/);
  });
});
