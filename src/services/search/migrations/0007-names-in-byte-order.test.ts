/**
 * Migration 0007 on an index written before it: the names, pairs and keys keep every row, compare byte by byte
 * whatever the database's locale, and are still found through their indexes.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { migrate } from '../../../core/db/migrate.js';
import search from '../index.js';
import { namesInByteOrder } from './0007-names-in-byte-order.js';

describe('migration 0007: the names in byte order', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const record = randomUUID();

  beforeAll(async () => {
    database = await openTestDatabase();
    const before = search.migrations.filter((migration) => migration !== namesInByteOrder);
    expect(before).toHaveLength(search.migrations.length - 1);
    await migrate(database.root, [{ schema: 'search', migrations: before }]);
    await sql`insert into search.records (record_id, event_type, tracking_id, status, area_code, area_path,
        updated_at, version, data)
      values (${record}, 'birth', 'T1', 'REGISTERED', null, '{}'::text[], now(), 1, '{}')`.execute(database.root);
    await sql`insert into search.terms (record_id, role, part, token, position, updated_at)
      values (${record}, 'child', 'given', 'ada', 0, now()), (${record}, 'child', 'family', 'mwale', 0, now())`.execute(
      database.root,
    );
    await sql`insert into search.name_pairs (pair, record_id, role, first, second, updated_at)
      values ('ada|mwale', ${record}, 'child', 0, 1000, now())`.execute(database.root);
    await sql`insert into search.keys (key, event_date, record_id)
      values ('tracking:T1', '-infinity', ${record}), ('block:0:birth:ADA|2020', '-infinity', ${record})`.execute(
      database.root,
    );
    await sql`insert into search.names (token, phonetic) values ('ada', 'AD'), ('mwale', 'MWAL')`.execute(
      database.root,
    );
    await sql`insert into search.name_variants (variant, token) values ('ada', 'ada'), ('mwle', 'mwale')`.execute(
      database.root,
    );
    await migrate(database.root, [{ schema: 'search', migrations: search.migrations }]);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('gives the name and key columns the byte-order collation', async () => {
    const { rows } = await sql<{ column: string; collation: string | null }>`
      select table_name || '.' || column_name as column, collation_name as collation
      from information_schema.columns
      where table_schema = 'search' and (table_name, column_name) in (('keys', 'key'), ('terms', 'token'),
        ('name_pairs', 'pair'), ('names', 'token'), ('names', 'phonetic'), ('name_variants', 'variant'),
        ('name_variants', 'token'))
      order by 1`.execute(database.root);
    expect(rows).toEqual(
      [
        'keys.key',
        'name_pairs.pair',
        'name_variants.token',
        'name_variants.variant',
        'names.phonetic',
        'names.token',
        'terms.token',
      ].map((column) => ({ column, collation: 'C' })),
    );
  });

  it('keeps every row, found through the indexes', async () => {
    await database.root.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      const found = await sql<{ n: number }>`select
          (select count(*) from search.terms where token = any(${['ada', 'mwale']}::text[]))::int
        + (select count(*) from search.name_pairs where pair = ${'ada|mwale'})::int
        + (select count(*) from search.keys where key = ${'tracking:T1'})::int
        + (select count(*) from search.keys where key like ${'block:0:birth:%'})::int
        + (select count(*) from search.names where phonetic = ${'MWAL'})::int
        + (select count(*) from search.name_variants where variant = ${'mwle'})::int as n`.execute(tx);
      expect(found.rows[0]?.n).toBe(7);
    });
  });
});
