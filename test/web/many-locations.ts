/**
 * A large country's places for the web tests and benchmark: wards under the demo country's districts, villages under
 * the wards, and health facilities in them, with names made of the same few syllables (so a prefix matches
 * thousands of them, as real village names do), some with accents. The same every time.
 *
 * `seedLocations` writes them straight through the config service's repository, in one transaction, as an import of
 * that size would end up (without the events: the other services need not know places nobody declared in).
 */
import type { Civitas } from '../../src/main.js';
import type { NewArea, NewFacility } from '../../src/services/config/model.js';
import { configDb, insertAreas, insertFacilities, type ConfigDb } from '../../src/services/config/repository.js';

const DISTRICTS = [
  'CEN-IBO',
  'CEN-ISA',
  'CEN-ILA',
  'CEN-EBO',
  'NTH-OSE',
  'NTH-ZOB',
  'NTH-AFI',
  'STH-EMB',
  'STH-ESE',
  'STH-CHU',
];
const FIRST = ['Chi', 'Ka', 'Mu', 'Lu', 'Nko', 'Mwa', 'Si', 'Ma', 'Ba', 'Ki', 'Ndo', 'Tshi', 'Nya', 'Mpo', 'Ze', 'Lé'];
const MIDDLE = ['bo', 'lu', 'nga', 'ta', 'mbe', 'si', 'ko', 'wa', 'ndi', 'pa', 'ré', 'yo', 'nsa', 'li'];
const LAST = ['mbo', 'la', 'ni', 'we', 'ka', 'nde', 'zi', 'ma', 'ngo', 'ba', 'ta', 'sa'];
const QUALIFIER = ['', '', '', ' East', ' West', ' North', ' South', ' Central', ' Upper', ' Lower'];
const FACILITY_KINDS = [
  ['Health Post', 'clinic'],
  ['Rural Health Centre', 'health-centre'],
  ['Maternity Home', 'maternity'],
  ['District Hospital', 'hospital'],
] as const;

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

export interface ManyLocations {
  readonly areas: NewArea[];
  readonly facilities: NewFacility[];
}

/** `total` places: 1 ward per 180, a facility per 10, the rest villages. */
export function generateLocations(total: number, seed = 20_261_126): ManyLocations {
  const next = random(seed);
  const name = () =>
    pick(next, FIRST) + pick(next, MIDDLE) + (next() < 0.5 ? pick(next, MIDDLE) : '') + pick(next, LAST);
  const wardCount = Math.max(1, Math.round(total / 180));
  const facilityCount = Math.round(total / 10);
  const villageCount = total - wardCount - facilityCount;
  const areas: NewArea[] = [];
  for (let index = 0; index < wardCount; index++) {
    areas.push({
      code: `W${String(index).padStart(5, '0')}`,
      name: `${name()} Ward`,
      kind: 'ward',
      parentCode: DISTRICTS[index % DISTRICTS.length]!,
    });
  }
  for (let index = 0; index < villageCount; index++) {
    areas.push({
      code: `V${String(index).padStart(6, '0')}`,
      name: name() + pick(next, QUALIFIER),
      kind: 'village',
      parentCode: areas[Math.floor(next() * wardCount)]!.code,
    });
  }
  const facilities: NewFacility[] = [];
  for (let index = 0; index < facilityCount; index++) {
    const [label, kind] = pick(next, FACILITY_KINDS);
    facilities.push({
      code: `F${String(index).padStart(6, '0')}`,
      name: `${name()} ${label}`,
      kind,
      areaCode: areas[wardCount + Math.floor(next() * villageCount)]?.code ?? areas[0]!.code,
    });
  }
  return { areas, facilities };
}

/** Rows per insert: four or five parameters each, under PostgreSQL's 65,535 per statement. */
const BATCH = 10_000;

/** Writes `total` generated places into the running Civitas's config schema; answers what it wrote. */
export async function seedLocations(civitas: Civitas, total: number): Promise<ManyLocations> {
  const locations = generateLocations(total);
  await configDb(civitas.database)
    .transaction()
    .execute(async (tx) => {
      const db = tx as ConfigDb;
      for (let at = 0; at < locations.areas.length; at += BATCH) {
        await insertAreas(db, locations.areas.slice(at, at + BATCH));
      }
      for (let at = 0; at < locations.facilities.length; at += BATCH) {
        await insertFacilities(db, locations.facilities.slice(at, at + BATCH));
      }
    });
  return locations;
}
