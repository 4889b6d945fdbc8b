/**
 * The search index follows the registry's events (newest version of each record wins, old or repeated events change
 * nothing) and can be rebuilt from the registry, resuming a rebuild that was cut off.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexEntry } from '../src/services/search/indexing/entry.js';
import { reindex } from '../src/services/search/reindex.js';
import { searchDb, writeEntries } from '../src/services/search/repository.js';
import { type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { birthDeclaration, startDemoCountry } from './helpers/records.js';

describe('the search index', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};
  const ids: string[] = [];

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });

  async function declare(data: object): Promise<string> {
    const created = (await call('f.agent', 'POST', '/records', { eventType: 'birth' })).json();
    const declared = await call('f.agent', 'POST', `/records/${created.id}/declare`, { version: 1, data });
    expect(declared.statusCode, declared.body).toBe(200);
    return created.id as string;
  }

  const indexed = async (recordId: string) =>
    (
      await sql<{ version: number; status: string; tokens: string[]; keys: string[] }>`
      select r.version, r.status,
        (select array_agg(t.role || '.' || t.part || ':' || t.token order by t.role, t.part, t.position)
          from search.terms t where t.record_id = r.record_id) as tokens,
        (select array_agg(k.key order by k.key) from search.keys k where k.record_id = r.record_id) as keys
      from search.records r where r.record_id = ${recordId}`.execute(civitas.database.root)
    ).rows[0];

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent', 'r.agent'], { services: 'config,auth,registry,search' }));
    await eventually('search knows the event types', async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from search.event_types`.execute(
        civitas.database.root,
      );
      return rows[0]!.n >= 3 ? true : undefined;
    });
    const first = birthDeclaration();
    ids.push(await declare({ ...first, child: { ...first.child, firstNames: 'Chileshe Ruth', familyName: 'Bwalya' } }));
    ids.push(
      await declare({ ...first, mother: { ...first.mother, nationalId: '4829304715', phone: '+260971234567' } }),
    );
  });
  afterAll(async () => {
    await civitas.close();
  });

  it('indexes a declared record: names by role and part, identity numbers, phones and blocking keys', async () => {
    const entry = await eventually('the first record is indexed', () => indexed(ids[0]!));
    expect(entry.status).toBe('DECLARED');
    expect(entry.tokens).toEqual(
      expect.arrayContaining(['child.given:chileshe', 'child.given:ruth', 'child.family:bwalya', 'mother.given:grace']),
    );
    expect(entry.keys.some((key) => key.startsWith('tracking:'))).toBe(true);
    expect(entry.keys.some((key) => key.startsWith('block:0:birth:'))).toBe(true);
    const second = await eventually('the second record is indexed', () => indexed(ids[1]!));
    expect(second.keys).toEqual(expect.arrayContaining(['id:4829304715', 'phone:971234567']));
  });

  it('follows later actions and ignores an older event arriving late', async () => {
    const validated = await call('r.agent', 'POST', `/records/${ids[0]}/validate`, { version: 2 });
    expect(validated.statusCode, validated.body).toBe(200);
    await eventually('the validation is indexed', async () =>
      (await indexed(ids[0]!))?.status === 'VALIDATED' ? true : undefined,
    );
    const db = searchDb(civitas.database);
    const stale = indexEntry(
      {
        recordId: ids[0]!,
        trackingId: 'OLD',
        eventType: 'birth',
        formVersion: 1,
        status: 'DECLARED',
        version: 2,
        registrationNumber: null,
        areaPath: ['CEN-IBO', 'CEN'],
        actor: { userId: 'x', role: 'x', office: null },
        at: new Date().toISOString(),
        data: { child: { firstNames: 'Someone Else' } },
      },
      undefined,
    );
    expect(await writeEntries(db, [stale])).toEqual([]);
    const entry = await indexed(ids[0]!);
    expect(entry).toMatchObject({ status: 'VALIDATED', version: 3 });
    expect(entry!.tokens).toContain('child.given:chileshe');
  });

  it('is rebuilt by a fresh reindex into exactly the rows the event consumers wrote, its dropped keys back', async () => {
    const snapshot = async () => {
      const root = civitas.database.root;
      const rows = async (query: ReturnType<typeof sql>) => (await query.execute(root)).rows;
      return {
        // Not `updated_at`: the event's time and the registry row's differ by a millisecond or two.
        records: await rows(sql`select record_id, event_type, tracking_id, registration_number, status,
          potential_duplicate, area_code, area_path, office, event_date, version, data
          from search.records order by record_id`),
        terms: await rows(sql`select record_id, role, part, token, position from search.terms
          order by record_id, role, part, position`),
        pairs: await rows(sql`select pair, record_id, role, first, second from search.name_pairs
          order by record_id, role, pair, first, second`),
        keys: await rows(sql`select * from search.keys order by record_id, key`),
        // ...but the postings' copy of it is always the record's own.
        stale: await rows(sql`select p.record_id from search.terms p join search.records r using (record_id)
          where p.updated_at <> r.updated_at union all
          select p.record_id from search.name_pairs p join search.records r using (record_id)
          where p.updated_at <> r.updated_at`),
      };
    };
    const before = await snapshot();
    expect(before.pairs.length).toBeGreaterThan(0);
    const fresh = await reindex(civitas.database, { fresh: true });
    expect(fresh).toMatchObject({ indexed: 2, resumed: false });
    expect(await snapshot()).toEqual(before);
    // The primary key of `keys` was dropped for the load and is back, with the secondary indexes.
    const indexes = await sql<{ name: string }>`select indexname as name from pg_indexes
      where schemaname = 'search' and tablename in ('keys', 'terms', 'name_pairs') order by 1`.execute(
      civitas.database.root,
    );
    expect(indexes.rows.map((row) => row.name)).toEqual([
      'keys_pkey',
      'keys_record',
      'name_pairs_pair',
      'name_pairs_record',
      'terms_postings',
      'terms_record',
    ]);
  });

  it('is rebuilt from the registry, and a rebuild cut off resumes where it stopped', async () => {
    const before = await sql`select record_id, status, version from search.records order by record_id`.execute(
      civitas.database.root,
    );
    const fresh = await reindex(civitas.database, { fresh: true, pageSize: 1 });
    expect(fresh).toMatchObject({ indexed: 2, total: 2, resumed: false });
    const after = await sql`select record_id, status, version from search.records order by record_id`.execute(
      civitas.database.root,
    );
    expect(after.rows).toEqual(before.rows);
    expect((await indexed(ids[1]!))!.keys).toContain('id:4829304715');

    // A run that stopped after the first page: the next run takes only what remains.
    const [firstId] = [...ids].sort();
    await sql`update search.reindex set finished_at = null, after_record = ${firstId}, done = 1`.execute(
      civitas.database.root,
    );
    const pages: number[] = [];
    const resumed = await reindex(civitas.database, { pageSize: 1, onProgress: ({ done }) => pages.push(done) });
    expect(resumed).toMatchObject({ indexed: 2, total: 2, resumed: true });
    expect(pages).toEqual([1, 2]);
  });
});
