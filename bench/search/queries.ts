/**
 * The searches of the search benchmark: records sampled from the registry, and quick and advanced searches made
 * from them as clerks type them (typing errors, swapped or missing names), as a national or a local registrar.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../src/core/http/scopes.js';
import { seededRandom, type Random } from '../../src/core/population/random.js';
import { typingError } from '../../src/core/population/typing-errors.js';
import type { AdvancedSearchInput } from '../../src/services/search/queries/advanced-search.js';
import { withClient } from '../lib.js';

export interface Sample {
  trackingId: string;
  registrationNumber: string | null;
  area: string;
  areaPath: string[];
  office: string | null;
  data: Record<string, Record<string, string | undefined>>;
}

export type Query =
  | { readonly kind: string; readonly quick: string; readonly caller: 'national' | 'local'; readonly sample: Sample }
  | {
      readonly kind: string;
      readonly advanced: AdvancedSearchInput;
      readonly caller: 'national' | 'local';
      readonly sample: Sample;
    };

export async function sampleRecords(url: string, count: number): Promise<Sample[]> {
  return withClient(url, async (client) => {
    await client.query('select setseed(0.42)');
    const result = await client.query<{
      tracking_id: string;
      registration_number: string | null;
      area_code: string;
      area_path: string[];
      office: string | null;
      data: Sample['data'];
    }>(
      `select tracking_id, registration_number, area_code, area_path, office, data from registry.records
       tablesample bernoulli (1) repeatable (42) order by random() limit $1`,
      [count],
    );
    return result.rows.map((row) => ({
      trackingId: row.tracking_id,
      registrationNumber: row.registration_number,
      area: row.area_code,
      areaPath: row.area_path,
      office: row.office,
      data: row.data,
    }));
  });
}

/** A name as a clerk might type it: sometimes a typing error, given and family swapped, or the middle name left out. */
function typed(given: string, family: string, random: Random): string {
  let givens = given.split(' ');
  let familyName = family;
  if (givens.length > 1 && random.chance(0.3)) givens = givens.slice(0, 1);
  if (random.chance(0.4)) {
    if (random.chance(0.5)) familyName = typingError(familyName, random);
    else givens = givens.map((name, i) => (i === 0 ? typingError(name, random) : name));
  }
  return random.chance(0.2) ? [familyName, ...givens].join(' ') : [...givens, familyName].join(' ');
}

export function makeQueries(samples: readonly Sample[], perKind: number): Query[] {
  const random = seededRandom('bench-search-queries');
  const queries: Query[] = [];
  const take = (i: number) => samples[i % samples.length]!;
  for (let i = 0; i < perKind; i++) {
    const caller = i % 2 === 0 ? 'national' : 'local';
    const a = take(i);
    queries.push({ kind: 'quick: tracking ID', quick: a.trackingId, caller, sample: a });
    const registered = samples.filter((sample) => sample.registrationNumber)[i % samples.length] ?? a;
    queries.push({
      kind: 'quick: registration no.',
      quick: registered.registrationNumber!,
      caller,
      sample: registered,
    });
    const child = take(i + perKind);
    queries.push({
      kind: 'quick: child name',
      quick: typed(child.data.child!.firstNames!, child.data.child!.familyName!, random),
      caller,
      sample: child,
    });
    const withId = samples.filter((sample) => sample.data.mother?.nationalId)[i % samples.length] ?? a;
    queries.push({ kind: 'quick: mother national ID', quick: withId.data.mother!.nationalId!, caller, sample: withId });
    const mother = take(i + 2 * perKind);
    const year = mother.data.child!.birthDate!.slice(0, 4);
    queries.push({
      kind: 'advanced: mother + year + status',
      advanced: {
        eventType: 'birth',
        names: [
          { role: 'mother', name: typed(mother.data.mother!.firstNames!, mother.data.mother!.familyName!, random) },
        ],
        eventDate: { from: `${year}-01-01`, to: `${year}-12-31` },
        statuses: ['REGISTERED', 'VALIDATED', 'DECLARED'],
        sort: 'relevance',
        limit: 20,
        offset: 0,
      },
      caller,
      sample: mother,
    });
    const third = take(i + 3 * perKind);
    queries.push({
      kind: 'advanced: child given + family + area',
      advanced: {
        names: [
          {
            role: 'child',
            given: third.data.child!.firstNames!.split(' ')[0]!,
            family: random.chance(0.4)
              ? typingError(third.data.child!.familyName!, random)
              : third.data.child!.familyName!,
          },
        ],
        area: third.areaPath.at(-1)!,
        sort: 'relevance',
        limit: 20,
        offset: 0,
      },
      caller,
      sample: third,
    });
  }
  return queries;
}

export const national: Caller = {
  sub: randomUUID(),
  kind: 'user',
  role: 'national-registrar',
  scope: ['record.read'],
  office: null,
  jurisdiction: [],
};
export const localOf = (sample: Sample): Caller => ({
  sub: randomUUID(),
  kind: 'user',
  role: 'local-registrar',
  scope: ['record.read[area=my-jurisdiction]'],
  office: sample.office,
  jurisdiction: sample.areaPath,
});
