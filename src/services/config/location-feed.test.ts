/**
 * The locations feed: everything once, a page at a time, then only what changed; a read broken off resumes; a
 * change whose transaction started before a read but committed after it is not missed.
 */
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCivitas, type TestCivitas } from '../../../test/helpers/civitas.js';
import { DATABASE_KIND } from '../../../test/helpers/database.js';
import type { LocationPage } from './location-feed.js';
import { configDb, insertAreas, updateFacility, type ConfigDb } from './repository.js';
import { importCountryFolder } from './seed.js';

const DEMO = fileURLToPath(new URL('../../../countries/demo', import.meta.url));
/** The demo country: 13 areas, 20 facilities, 10 offices. */
const DEMO_LOCATIONS = 43;

describe('GET /locations', () => {
  let civitas: TestCivitas;
  let db: ConfigDb;
  beforeAll(async () => {
    civitas = await startTestCivitas();
    db = configDb(civitas.database);
    await importCountryFolder({ db }, DEMO, 'test');
  });
  afterAll(async () => {
    await civitas?.close();
  });

  const read = async (query: string): Promise<LocationPage> => {
    const answer = await civitas.app.inject({ url: `/api/v1/locations${query}` });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json();
  };

  /** Every page from `cursor` on: the items in order, and the cursor to keep. */
  async function readAll(cursor?: string, limit = 10) {
    const items: LocationPage['items'][number][] = [];
    let pages = 0;
    for (;;) {
      const page = await read(`?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      pages += 1;
      cursor = page.cursor;
      if (!page.more) return { items, cursor, pages, total: page.total };
    }
  }

  const keys = (items: readonly { type: string; code: string }[]) => items.map((item) => `${item.type}:${item.code}`);

  it('sends every area, facility and office once, a page at a time, and the total on the last page', async () => {
    const all = await readAll(undefined, 10);
    expect(all.pages).toBe(5);
    expect(all.total).toBe(DEMO_LOCATIONS);
    expect(new Set(keys(all.items)).size).toBe(DEMO_LOCATIONS);
    expect(all.items).toContainEqual({
      type: 'facility',
      code: 'FAC-IBO-GH',
      name: 'Ibombo General Hospital',
      kind: 'hospital',
      parent: 'CEN-IBO',
    });
    expect(all.items).toContainEqual({
      type: 'area',
      code: 'CEN',
      name: 'Central Province',
      kind: 'province',
      parent: null,
    });
    expect(all.items).toContainEqual({
      type: 'office',
      code: 'OFF-IBO',
      name: 'Ibombo Registration Office',
      kind: null,
      parent: 'CEN-IBO',
    });
    // One page with room for all gives the same.
    const once = await readAll(undefined, 1000);
    expect(once.pages).toBe(1);
    expect(keys(once.items).sort()).toEqual(keys(all.items).sort());
  });

  it('then sends only what changed since: nothing, then a renamed facility and a new area', async () => {
    const { cursor } = await readAll();
    expect((await read(`?cursor=${cursor}`)).items).toEqual([]);

    await updateFacility(db, {
      code: 'FAC-IBO-HC',
      name: 'Ibombo Health Centre (new wing)',
      kind: 'health-centre',
      areaCode: 'CEN-IBO',
    });
    await insertAreas(db, [{ code: 'CEN-IBO-V1', name: 'Kapiri Village', kind: 'village', parentCode: 'CEN-IBO' }]);
    const changed = await readAll(cursor);
    // Two changes in one tick of the database's clock (PGlite's is coarse) come in type order, else in time order.
    expect(changed.items).toHaveLength(2);
    expect(changed.items).toEqual(
      expect.arrayContaining([
        {
          type: 'facility',
          code: 'FAC-IBO-HC',
          name: 'Ibombo Health Centre (new wing)',
          kind: 'health-centre',
          parent: 'CEN-IBO',
        },
        { type: 'area', code: 'CEN-IBO-V1', name: 'Kapiri Village', kind: 'village', parent: 'CEN-IBO' },
      ]),
    );
    expect(changed.total).toBe(DEMO_LOCATIONS + 1);
    expect((await readAll(changed.cursor)).items).toEqual([]);
  });

  it('resumes a read broken off after any page, from the cursor of that page', async () => {
    const first = await read('?limit=7');
    const second = await read(`?limit=7&cursor=${first.cursor}`);
    const rest = await readAll(second.cursor, 7);
    const again = await readAll(second.cursor, 7);
    expect(keys(again.items)).toEqual(keys(rest.items));
    expect(new Set(keys([...first.items, ...second.items, ...rest.items])).size).toBe(DEMO_LOCATIONS + 1);
  });

  it.runIf(DATABASE_KIND === 'postgres')(
    'does not miss a change whose transaction started before a read and committed after it',
    async () => {
      const { cursor } = await readAll();
      let during: Awaited<ReturnType<typeof readAll>> | undefined;
      await db.transaction().execute(async (tx) => {
        await insertAreas(tx, [{ code: 'CEN-IBO-V2', name: 'Late Village', kind: 'village', parentCode: 'CEN-IBO' }]);
        // Another connection reads while this transaction is open: it cannot see the row yet.
        during = await readAll(cursor);
      });
      expect(during!.items).toEqual([]);
      const after = await readAll(during!.cursor);
      expect(keys(after.items)).toEqual(['area:CEN-IBO-V2']);
    },
  );

  it('compresses the answer for a client that accepts gzip', async () => {
    const answer = await civitas.app.inject({
      url: '/api/v1/locations?limit=1000',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const page = JSON.parse(gunzipSync(answer.rawPayload).toString('utf8')) as LocationPage;
    expect(page.items.length).toBeGreaterThanOrEqual(DEMO_LOCATIONS);
    // The cursor and "more" come as headers too: a client asks for the next page before parsing this one.
    expect(answer.headers['feed-cursor']).toBe(page.cursor);
    expect(answer.headers['feed-more']).toBe('false');
    const first = await civitas.app.inject({ url: '/api/v1/locations?limit=5' });
    expect(first.headers['feed-more']).toBe('true');
    expect(first.headers['feed-cursor']).toBe(first.json().cursor);
  });

  it('refuses a cursor it did not give, naming the parameter', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('{"v":2}').toString('base64url')]) {
      const answer = await civitas.app.inject({ url: `/api/v1/locations?cursor=${cursor}` });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'query.cursor' });
    }
    expect((await civitas.app.inject({ url: '/api/v1/locations?limit=10001' })).statusCode).toBe(400);
  });

  it('declares config.read', async () => {
    const document = (await civitas.app.inject({ url: '/openapi.json' })).json();
    expect(document.paths['/api/v1/locations'].get.security).toEqual([{ bearer: ['config.read'] }]);
  });
});
