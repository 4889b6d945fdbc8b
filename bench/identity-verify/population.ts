/**
 * The identities of the run: their demographics, a function of the index, and their UINs, bulk-inserted into the
 * database or read back from a kept one.
 */
import pg from 'pg';
import { familyNameCode } from '../../src/services/identity/matching.js';
import { generateUins } from '../../src/services/identity/numbers/generate.js';
import { fmt, withClient } from '../lib.js';
import type { BenchDatabase } from './database.js';

const BATCH = 50_000;
/** UINs that are valid but issued to no one, for the verifications that must not match. */
const STRANGERS = 10_000;

// Demographics are a function of the identity's index, so the load generator knows them without storing them.
const GIVEN = ['Mutinta', 'Chanda', 'Mwila', 'Bwalya', 'Natasha', 'Brian', 'Grace', 'Joseph', 'Ruth', 'Peter'];
const MIDDLE = ['Grace', 'Mary', 'John', 'Esther', 'Daniel', 'Ada', 'Moses', 'Agnes'];
const FAMILY = ['Banda', 'Phiri', 'Mwale', 'Tembo', 'Zulu', 'Hamoonga', 'Mulenga', 'Chileshe', 'Lungu', 'Sakala'];
const FAMILY_CODE = new Map(FAMILY.map((name) => [name, familyNameCode(name)]));

/** A small multiplicative hash: the same index always gives the same person. */
const mix = (i: number, salt: number) => (Math.imul(i + 1, 2_654_435_761) ^ Math.imul(salt, 40_503)) >>> 0;

export interface Person {
  readonly givenNames: string;
  readonly familyName: string;
  readonly birthDate: string;
  readonly sex: string;
}

export function person(i: number): Person {
  const a = mix(i, 1);
  const b = mix(i, 2);
  const day = b % 28;
  const month = (b >>> 5) % 12;
  const year = 1940 + ((b >>> 9) % 80);
  return {
    givenNames: `${GIVEN[a % GIVEN.length]} ${MIDDLE[(a >>> 8) % MIDDLE.length]}`,
    familyName: FAMILY[(a >>> 16) % FAMILY.length]!,
    birthDate: `${year}-${String(month + 1).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`,
    sex: a % 2 ? 'female' : 'male',
  };
}

export interface Population {
  /** The UIN of identity i at index i. */
  readonly uins: string[];
  readonly strangers: string[];
  /** Zero when a kept database was reused. */
  readonly generateSeconds: number;
  readonly loadSeconds: number;
}

/** The identities loaded into a fresh database, or those of a kept database that already holds them. */
export async function preparePopulation(database: BenchDatabase, identities: number): Promise<Population> {
  const started = performance.now();
  if (database.loaded) {
    const uins = await reuseIdentities(database.url);
    const known = new Set(uins);
    const strangers = generateUins(STRANGERS + 1000)
      .filter((uin) => !known.has(uin))
      .slice(0, STRANGERS);
    console.log(
      `Reused ${uins.length.toLocaleString('en')} identities in ${fmt((performance.now() - started) / 1000, 1)} s`,
    );
    return { uins, strangers, generateSeconds: 0, loadSeconds: 0 };
  }
  const all = generateUins(identities + STRANGERS);
  const uins = all.slice(0, identities);
  const strangers = all.slice(identities);
  const generateSeconds = (performance.now() - started) / 1000;
  console.log(`Generated ${all.length.toLocaleString('en')} UINs in ${fmt(generateSeconds, 1)} s`);
  const loadSeconds = await loadIdentities(database.url, uins);
  console.log(`Inserted ${identities.toLocaleString('en')} identities and analyzed in ${fmt(loadSeconds, 1)} s`);
  return { uins, strangers, generateSeconds, loadSeconds };
}

/** Identities bulk-inserted in batches of arrays; answers how long it took. */
async function loadIdentities(url: string, uins: readonly string[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    await client.query('set synchronous_commit = off');
    await client.query('create table public.bench_uins (i integer primary key, uin text not null)');
    for (let from = 0; from < uins.length; from += BATCH) {
      const slice = uins.slice(from, from + BATCH);
      const people = slice.map((_, k) => person(from + k));
      await client.query('begin');
      await client.query(
        `insert into identity.uin_pool (uin, issued_at) select u, now() from unnest($1::text[]) as u
         on conflict (uin) do update set issued_at = now()`,
        [slice],
      );
      await client.query(
        `insert into identity.identities
           (id, uin, given_names, family_name, birth_date, sex, source, family_name_code)
         select gen_random_uuid(), u, g, f, d, s, 'enrolment', c
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(u, g, f, d, s, c)`,
        [
          slice,
          people.map((p) => p.givenNames),
          people.map((p) => p.familyName),
          people.map((p) => p.birthDate),
          people.map((p) => p.sex),
          people.map((p) => FAMILY_CODE.get(p.familyName)!),
        ],
      );
      // The UINs by index, so that a kept database can be reused (the demographics are a function of the index).
      await client.query(
        'insert into public.bench_uins (i, uin) select i - 1 + $2, u from unnest($1::text[]) with ordinality as t(u, i)',
        [slice, from],
      );
      await client.query('commit');
    }
    await client.query('analyze identity.identities');
    await client.query('analyze identity.uin_pool');
    await client.query('analyze identity.partners');
    await client.query('analyze identity.transactions');
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

/** The UINs of a kept database by index, its log and bench partners emptied so that every run starts alike. */
async function reuseIdentities(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    await client.query('truncate identity.transactions');
    await client.query("delete from identity.partners where name like 'Bench Bank %'");
    await client.query('analyze identity.transactions');
    await client.query('checkpoint');
    const { rows } = await client.query<{ uin: string }>('select uin from public.bench_uins order by i');
    return rows.map((row) => row.uin);
  });
}
