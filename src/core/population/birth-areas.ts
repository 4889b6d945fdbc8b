/**
 * Where children are born: the districts of a country and the health facilities in each, read from a country folder
 * (`areas.csv`, whose `kind` is `district` for the areas births are registered in; `facilities.csv`, optional, with
 * the district of each facility in `area_code`). Some districts are much more populous than others, so districts
 * are drawn with mildly skewed weights, in the order the file lists them.
 *
 * @example
 * const areas = readCountryAreas('countries/demo');
 * // [{ code: 'CEN-IBO', facilities: ['FAC-IBO-GH', 'FAC-IBO-HC'] }, ...]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../csv.js';
import type { Random } from './random.js';
import { weightedChoice, zipfWeights } from './weighted-choice.js';

export interface BirthArea {
  /** The district's area code, e.g. CEN-IBO. */
  readonly code: string;
  /** Codes of its health facilities; empty when births there are all at home. */
  readonly facilities: readonly string[];
}

/** A country folder that cannot be read or has no districts. */
export class CountryAreasError extends Error {}

export function readCountryAreas(folder: string): BirthArea[] {
  const areasFile = join(folder, 'areas.csv');
  const areas = readFile(areasFile);
  const districts = areas.filter((record) => record.kind === 'district' && record.code).map((record) => record.code!);
  if (districts.length === 0) throw new CountryAreasError(`${areasFile}: no area has the kind district`);
  const facilities = new Map<string, string[]>(districts.map((code) => [code, []]));
  const facilitiesFile = join(folder, 'facilities.csv');
  if (existsSync(facilitiesFile)) {
    for (const record of readFile(facilitiesFile)) {
      if (record.code && record.area_code) facilities.get(record.area_code)?.push(record.code);
    }
  }
  return districts.map((code) => ({ code, facilities: facilities.get(code)! }));
}

function readFile(file: string): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CountryAreasError(
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const read = readCsv(text, file);
  if (!read.ok) throw new CountryAreasError(read.problem);
  return read.records.map(({ record }) => record);
}

export interface AreaSampler {
  readonly areas: readonly BirthArea[];
  draw(random: Random): BirthArea;
  /** Another district than `code`, when there is one. */
  other(random: Random, code: string): BirthArea;
}

export function areaSampler(areas: readonly BirthArea[]): AreaSampler {
  const choice = weightedChoice(areas, zipfWeights(areas.length, 0.5, 1));
  return {
    areas,
    draw: (random) => choice.draw(random),
    other(random, code) {
      if (areas.length < 2) return areas[0]!;
      for (;;) {
        const area = choice.draw(random);
        if (area.code !== code) return area;
      }
    },
  };
}
