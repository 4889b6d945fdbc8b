/**
 * A page of name matches is ranked from the postings and stops early; it must be the page the full sort of every
 * match gives, for a national caller and for one limited to an area, and totals past MOST_COUNTED say "or more".
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../core/http/scopes.js';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { indexPopulation } from '../../../../test/helpers/population-index.js';
import { indexEntry } from '../indexing/entry.js';
import { nameTokens } from '../indexing/names.js';
import { searchDb, writeEntries, type SearchDb } from '../repository.js';
import { advancedSearch } from './advanced-search.js';
import { expandNames } from './name-expansions.js';
import { matchingRecords, type NameGroup } from './name-match.js';
import { quickSearch } from './quick-search.js';
import { readableRecords } from './readable-records.js';
import { MOST_COUNTED } from './result-page.js';

const national: Caller = {
  sub: randomUUID(),
  kind: 'user',
  role: 'national-registrar',
  scope: ['record.read'],
  office: null,
  jurisdiction: [],
};
const localTo = (area: string): Caller => ({
  ...national,
  role: 'local-registrar',
  scope: ['record.read[area=my-jurisdiction]'],
  jurisdiction: [area],
});

/**
 * The first `limit` record ids after `offset` of the full sort: every match joined to its record, kept to what the
 * caller may read (and to `area` when given), then ordered.
 */
async function fullSort(
  db: SearchDb,
  caller: Caller,
  q: string | NameGroup,
  limit: number,
  offset: number,
  area?: string,
) {
  const slots =
    typeof q === 'string'
      ? (await expandNames(db, [...new Set(nameTokens(q))])).map((expansion) => ({ expansion }))
      : undefined;
  const group = slots ? { slots } : (q as NameGroup);
  const matched = sql`(${matchingRecords([group])}) m join search.records r on r.record_id = m.record_id
    where ${readableRecords(caller)} ${area === undefined ? sql`` : sql`and r.area_path && ${[area]}::text[]`}`;
  const { rows } = await sql<{ record_id: string }>`select m.record_id from ${matched}
    order by m.score desc, r.updated_at desc, m.record_id limit ${limit} offset ${offset}`.execute(db);
  const counted = await sql<{ n: string }>`select count(*) as n from ${matched}`.execute(db);
  return { ids: rows.map((row) => row.record_id), total: Number(counted.rows[0]!.n) };
}

describe('a page of name matches', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: SearchDb;
  let family: string;
  let pair: string;
  let three: string;
  let area: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    await indexPopulation(database, { count: 1500, seed: 5, batch: 500 });
    db = searchDb(database);
    // Spread the records over time, in an order other than their ids, so that the sort by time matters.
    await sql`update search.records set updated_at = now() - (get_byte(uuid_send(record_id), 3) || ' hours')::interval`.execute(
      db,
    );
    await sql`update search.terms p set updated_at = r.updated_at from search.records r where r.record_id = p.record_id`.execute(
      db,
    );
    await sql`update search.name_pairs p set updated_at = r.updated_at from search.records r
      where r.record_id = p.record_id`.execute(db);
    const common = await sql<{ token: string }>`select token from search.terms where role = 'child' and part = 'family'
      group by token order by count(*) desc, token limit 1`.execute(db);
    family = common.rows[0]!.token;
    const given = await sql<{ token: string }>`select g.token from search.terms g join search.terms f
        on f.record_id = g.record_id and f.role = g.role and f.token = ${family} and f.part = 'family'
      where g.part = 'given' group by g.token order by count(*) desc, g.token limit 1`.execute(db);
    pair = `${given.rows[0]!.token} ${family}`;
    // A child with two given names and the common family name: three words, whose rarest pair is looked up first.
    const named = await sql<{ names: string }>`select string_agg(g.token, ' ' order by g.position) as names
      from search.terms g join search.terms f on f.record_id = g.record_id and f.role = g.role
        and f.token = ${family} and f.part = 'family'
      where g.part = 'given' and g.role = 'child'
      group by g.record_id having count(*) = 2 order by g.record_id limit 1`.execute(db);
    three = `${family} ${named.rows[0]!.names}`;
    const areas = await sql<{ area: string }>`select area_code as area from search.records r
      join search.terms t on t.record_id = r.record_id and t.token = ${family}
      group by area_code order by count(*) desc limit 1`.execute(db);
    area = areas.rows[0]!.area;
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  it('is the page the full sort gives, for a common name, a common pair, a typo and three names, nationally and in one area', async () => {
    const typo = `${family.slice(0, 2)}${family[3]}${family[2]}${family.slice(4)}`;
    for (const q of [family, pair, typo, three]) {
      for (const caller of [national, localTo(area)]) {
        for (const offset of [0, 20]) {
          const expected = await fullSort(db, caller, q, 20, offset);
          if (caller === national) expect(expected.total, q).toBeGreaterThan(0);
          const { kind, page } = await quickSearch(db, caller, { q, limit: 20, offset });
          // Three names none of the caller's records has all of: the quick search offers those with two of them.
          if (kind === 'name-partial') {
            expect(expected.total, q).toBe(0);
            continue;
          }
          expect(
            page.items.map((item) => item.recordId),
            `${q} at ${offset}`,
          ).toEqual(expected.ids);
          expect(page.total).toBe(Math.min(expected.total, MOST_COUNTED));
        }
      }
    }
  });

  it('keeps to the caller’s areas and the area asked for while scanning postings, whatever else its scope says', async () => {
    const [other] = (
      await sql<{ area: string }>`select area_code as area from search.records where area_code <> ${area}
        group by area_code order by count(*) desc limit 1`.execute(db)
    ).rows.map((row) => row.area);
    const callers: Caller[] = [
      // Limited by area and event type: the postings are kept to the area, the event type checked on the record.
      { ...localTo(area), scope: ['record.read[area=my-jurisdiction,event=birth]'] },
      { ...localTo(area), scope: ['record.read[area=my-jurisdiction,event=death]'] },
      // Two grants: either area.
      { ...localTo(area), scope: ['record.read[area=my-jurisdiction]', `record.read[area=${other}]`] },
      // One grant limited by area, one not: no area bound at all.
      { ...localTo(area), scope: ['record.read[area=my-jurisdiction]', 'record.read[event=birth]'] },
      // No grant to read: nothing.
      { ...localTo(area), scope: ['record.create'] },
    ];
    for (const caller of callers) {
      for (const q of [family, pair]) {
        const expected = await fullSort(db, caller, q, 20, 0);
        const { page } = await quickSearch(db, caller, { q, limit: 20, offset: 0 });
        expect(
          page.items.map((item) => item.recordId),
          `${caller.scope.join(' ')}: ${q}`,
        ).toEqual(expected.ids);
        expect(page.total).toBe(Math.min(expected.total, MOST_COUNTED));
      }
    }
    // The area asked for in an advanced search: for a national caller and one of that area, the page of the full
    // sort; for a caller of another area, nothing.
    const [expansion] = await expandNames(db, [family]);
    const childFamily: NameGroup = { role: 'child', slots: [{ expansion: expansion!, part: 'family' }] };
    const asked = { names: [{ role: 'child', family }], area, sort: 'relevance' as const, limit: 20, offset: 0 };
    for (const caller of [national, localTo(area)]) {
      const expected = await fullSort(db, caller, childFamily, 20, 0, area);
      const found = await advancedSearch(db, caller, asked);
      expect(found.items.map((item) => item.recordId)).toEqual(expected.ids);
      expect(found.total).toBe(Math.min(expected.total, MOST_COUNTED));
      expect(found.total).toBeGreaterThan(0);
    }
    expect(await advancedSearch(db, localTo(other!), asked)).toMatchObject({ total: 0, items: [] });
  });

  it('counts to 1000 and then says "or more", by name and without names', async () => {
    const entries = Array.from({ length: MOST_COUNTED + 50 }, (_, i) =>
      indexEntry(
        {
          recordId: randomUUID(),
          trackingId: `T${i}`,
          eventType: 'birth',
          formVersion: 1,
          status: 'REGISTERED',
          version: 3,
          registrationNumber: null,
          areaPath: ['ZZ-AREA', 'ZZ'],
          actor: { userId: 'x', role: 'x', office: null },
          at: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
          data: { child: { firstNames: 'Zebedee', familyName: 'Quorrington' } },
        },
        undefined,
      ),
    );
    await db.transaction().execute((tx) => writeEntries(tx, entries));
    const { page } = await quickSearch(db, national, { q: 'zebedee quorrington', limit: 5, offset: 0 });
    expect(page).toMatchObject({ total: MOST_COUNTED, totalIsLowerBound: true });
    // Newest first among equals, and the page beyond the counted ones is still there.
    expect(page.items.map((item) => item.trackingId)).toEqual(['T1049', 'T1048', 'T1047', 'T1046', 'T1045']);
    const far = await quickSearch(db, national, { q: 'zebedee quorrington', limit: 5, offset: 1045 });
    expect(far.page.items.map((item) => item.trackingId)).toEqual(['T4', 'T3', 'T2', 'T1', 'T0']);
    const all = await advancedSearch(db, national, { area: 'ZZ', sort: 'event-date', limit: 1, offset: 0 });
    expect(all).toMatchObject({ total: MOST_COUNTED, totalIsLowerBound: true });
    const few = await quickSearch(db, localTo(area), { q: 'zebedee quorrington', limit: 5, offset: 0 });
    expect(few.page).toMatchObject({ total: 0, totalIsLowerBound: false, items: [] });
  });
});
