/**
 * Migration 0006 on an index written before it: each distinct area path is numbered once, every posting carries its
 * record's number (none for a record without an area), and the covering indexes carry it for index-only scans.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import search from '../index.js';
import { areaInPostings } from './0006-area-in-postings.js';

describe('migration 0006: the area in the name postings', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const ids = { ibombo: randomUUID(), ibomboToo: randomUUID(), lusaka: randomUUID(), nowhere: randomUUID() };

  beforeAll(async () => {
    database = await openTestDatabase();
    const before = search.migrations.filter((migration) => migration !== areaInPostings);
    expect(before).toHaveLength(search.migrations.length - 1);
    await migrate(database.root, [{ schema: 'search', migrations: before }]);
    const records: [string, string[]][] = [
      [ids.ibombo, ['CEN-IBO', 'CEN']],
      [ids.ibomboToo, ['CEN-IBO', 'CEN']],
      [ids.lusaka, ['LSK-LUS', 'LSK']],
      [ids.nowhere, []],
    ];
    for (const [id, path] of records) {
      await sql`insert into search.records (record_id, event_type, tracking_id, status, area_code, area_path,
          updated_at, version, data)
        values (${id}, 'birth', ${id.slice(0, 8)}, 'REGISTERED', ${path[0] ?? null}, ${path}::text[], now(), 1, '{}')`.execute(
        database.root,
      );
      await sql`insert into search.terms (record_id, role, part, token, position, updated_at)
        values (${id}, 'child', 'given', 'ada', 0, now()), (${id}, 'child', 'family', 'mwale', 0, now())`.execute(
        database.root,
      );
      await sql`insert into search.name_pairs (pair, record_id, role, first, second, updated_at)
        values ('ada mwale', ${id}, 'child', 0, 1000, now())`.execute(database.root);
    }
    await migrate(database.root, [{ schema: 'search', migrations: search.migrations }]);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('numbers each area path once and gives every posting its record’s number', async () => {
    const areas = await sql<{ id: number; path: string[] }>`select id, path from search.areas order by id`.execute(
      database.root,
    );
    expect(areas.rows.map((row) => row.path)).toEqual([
      ['CEN-IBO', 'CEN'],
      ['LSK-LUS', 'LSK'],
    ]);
    const number = new Map(areas.rows.map((row) => [row.path.join('/'), row.id]));
    const expected = new Map<string, number | null | undefined>([
      [ids.ibombo, number.get('CEN-IBO/CEN')],
      [ids.ibomboToo, number.get('CEN-IBO/CEN')],
      [ids.lusaka, number.get('LSK-LUS/LSK')],
      [ids.nowhere, null],
    ]);
    for (const table of ['terms', 'name_pairs']) {
      const { rows } = await sql<{ record_id: string; area: number | null }>`select record_id, area
        from ${sql.table(`search.${table}`)}`.execute(database.root);
      expect(rows.length, table).toBe(table === 'terms' ? 8 : 4);
      for (const row of rows) expect(row.area, `${table} of ${row.record_id}`).toBe(expected.get(row.record_id));
    }
  });

  it('keeps the area in the covering indexes of both postings', async () => {
    const { rows } = await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition
      from pg_indexes where schemaname = 'search' and indexname in ('terms_postings', 'name_pairs_pair')
      order by indexname`.execute(database.root);
    expect(rows.map((row) => row.name)).toEqual(['name_pairs_pair', 'terms_postings']);
    for (const row of rows) expect(row.definition).toMatch(/INCLUDE \(.*\barea\)/);
  });
});
