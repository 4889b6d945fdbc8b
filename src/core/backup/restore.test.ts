/**
 * Backup and restore of a schema with every kind of column Civitas uses (and a few more), on the run's database
 * (PGlite, or PostgreSQL with CIVITAS_TEST_DATABASE_URL): what comes back is the same, byte for byte.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { migrate, type MigrationPlan } from '../db/migrate.js';
import { coreEventMigrations } from '../events/tables.js';
import type { Database } from '../db/open.js';
import { dumpDatabase } from './dump.js';
import { BackupWriter } from './lines.js';
import { controlLine, headerLine, type BackupHeader } from './format.js';
import { restoreDatabase, RestoreRefusedError, TargetNotEmptyError } from './restore.js';

const kinds: MigrationPlan = {
  schema: 'kinds',
  migrations: [
    {
      name: '0001-things',
      async up(db) {
        await sql`create table kinds.things (
          id bigint generated always as identity primary key,
          parent bigint references kinds.things (id),
          n integer not null,
          doubled integer generated always as (n * 2) stored,
          blob bytea, doc jsonb, raw json, amount numeric(30, 10), ratio double precision,
          at timestamptz, day date, span interval, tags text[], scores integer[], flag boolean, uid uuid, body text
        )`.execute(db);
        await sql`create table kinds.notes (
          id bigserial primary key,
          thing_id bigint not null references kinds.things (id),
          body text not null
        )`.execute(db);
        // Seeded by the migration: a restore must end with the backup's rows, not these as well.
        await sql`create table kinds.settings (key text primary key, value text not null)`.execute(db);
        await sql`insert into kinds.settings values ('mode', 'seeded')`.execute(db);
        // A trigger with an effect: it must not fire again for restored rows.
        await sql`create table kinds.note_count (id int primary key, n int not null)`.execute(db);
        await sql`insert into kinds.note_count values (1, 0)`.execute(db);
        await sql`create function kinds.count_note() returns trigger language plpgsql as $$
          begin update kinds.note_count set n = n + 1 where id = 1; return new; end $$`.execute(db);
        await sql`create trigger count_note after insert on kinds.notes for each row execute function kinds.count_note()`.execute(
          db,
        );
      },
    },
  ],
};

async function fill(database: Database): Promise<void> {
  await migrate(database.root, [kinds]);
  const db = database.root;
  await sql`update kinds.settings set value = 'live'`.execute(db);
  await sql`insert into kinds.things (n, blob, doc, raw, amount, ratio, at, day, span, tags, scores, flag, uid, body)
    values
      (1, '\\x00ff10'::bytea, '{"b": [1, 2.50, null], "a": "é \\" \\\\ \\n"}', '{ "spaced" :  true,
         "kept": "as written" }', 12345678901234567890.0123456789, 0.1, '2026-03-04 05:06:07.123456+02',
       '2026-02-28', '1 year 2 days 03:04:05.5', array['a', 'b,c', 'd"e', null, ''], array[1, null, 3], true,
       '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', E'line one\\nline two\\ttab \\u00e9 ☃'),
      (2, '', 'null', '[]', -0.5, 'NaN', 'infinity', '-infinity', '0', '{}', '{}', false, null, ''),
      (3, null, null, null, null, 1e300, null, null, null, null, null, null, null, null)`.execute(db);
  // The first row refers to the last: loaded in file order, it would break the foreign key without the restore's care.
  await sql`update kinds.things set parent = (select max(id) from kinds.things) where n = 1`.execute(db);
  for (let index = 0; index < 25; index++) {
    await sql`insert into kinds.notes (thing_id, body) values ((select min(id) from kinds.things), ${`note ${index}`})`.execute(
      db,
    );
  }
  await sql`delete from kinds.notes where body = 'note 24'`.execute(db); // the sequence is ahead of the last row
}

/** A fingerprint of every table of the schema, and where each sequence stands. */
async function fingerprint(database: Database): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  await database.root.transaction().execute(async (tx) => {
    await sql`set local timezone = 'UTC'`.execute(tx);
    for (const table of ['things', 'notes', 'settings', 'note_count']) {
      const { rows } = await sql<{ all: string }>`select coalesce(string_agg(t::text, E'\\n' order by t::text), '')
        as all from ${sql.table(`kinds.${table}`)} t`.execute(tx);
      result[table] = rows[0]!.all;
    }
    const { rows } = await sql<{ name: string; value: string }>`select sequencename as name,
      coalesce(last_value, 0)::text as value from pg_sequences where schemaname = 'kinds' order by 1`.execute(tx);
    for (const row of rows) result[`sequence ${row.name}`] = row.value;
  });
  return result;
}

describe('backup and restore of a schema', () => {
  let folder: string;
  const databases: Database[] = [];
  const open = async () => {
    const database = await openTestDatabase();
    databases.push(database);
    return database;
  };
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'civitas-backup-'));
  });
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives back every value exactly (bytea, json and jsonb, numerics, floats, times, arrays), sequences where they stood', async () => {
    const source = await open();
    await fill(source);
    const before = await fingerprint(source);
    expect(before.things).toContain('\\x00ff10');
    expect(before.note_count).toBe('(1,25)');

    const out = join(folder, 'kinds.backup');
    const dumped = await dumpDatabase(source, {
      out,
      schemas: ['kinds', 'absent'],
      civitasVersion: 'test',
      pageSize: 7,
    });
    expect(dumped).toMatchObject({ schemas: ['kinds'], tables: 4, rows: 3 + 24 + 1 + 1, files: 0 });

    const target = await open();
    const restored = await restoreDatabase(target, { file: out, plans: [kinds] });
    expect(restored).toMatchObject({ tables: 4, rows: 29, migrated: [] });
    // Same rows (the generated column computed again), the seeded row replaced, the trigger not fired by the load.
    expect(await fingerprint(target)).toEqual(before);

    // Identity and serial columns go on after the restored rows.
    const next = await sql<{ id: number }>`insert into kinds.things (n) values (4) returning id`.execute(target.root);
    expect(next.rows[0]!.id).toBe(4);
    const note = await sql<{
      id: number;
    }>`insert into kinds.notes (thing_id, body) values (4, 'new') returning id`.execute(target.root);
    expect(note.rows[0]!.id).toBe(26);
    // Foreign keys and triggers are back.
    await expect(
      sql`insert into kinds.notes (thing_id, body) values (999, 'orphan')`.execute(target.root),
    ).rejects.toThrow(/foreign key/);
    const counted = await sql<{ n: number }>`select n from kinds.note_count`.execute(target.root);
    expect(counted.rows[0]!.n).toBe(26);
  });

  it('refuses a database that holds Civitas schemas unless forced, and says what --force replaces and keeps', async () => {
    const source = await open();
    await fill(source);
    const out = join(folder, 'kinds.backup');
    await dumpDatabase(source, { out, schemas: ['kinds'], civitasVersion: 'test' });

    const target = await open();
    const other: MigrationPlan = { schema: 'other', migrations: [{ name: '0001', up: async () => undefined }] };
    await migrate(target.root, [kinds, other]);
    await sql`insert into kinds.settings values ('extra', 'x')`.execute(target.root);
    await expect(restoreDatabase(target, { file: out, plans: [kinds, other] })).rejects.toThrow(TargetNotEmptyError);
    await expect(restoreDatabase(target, { file: out, plans: [kinds, other] })).rejects.toThrow(
      'the database already holds Civitas data: kinds (3 rows in 4 tables), other (0 rows in 0 tables)',
    );
    expect((await sql`select * from kinds.settings`.execute(target.root)).rows).toHaveLength(2);

    const told: unknown[] = [];
    await restoreDatabase(target, {
      file: out,
      plans: [kinds, other],
      force: true,
      onReplace: (existing) => told.push(...existing),
    });
    expect(told).toEqual([
      { schema: 'kinds', tables: 4, rows: 3, replaced: true },
      { schema: 'other', tables: 0, rows: 0, replaced: false },
    ]);
    expect(await fingerprint(target)).toEqual(await fingerprint(source));
  });

  it('loads all or nothing: a row the database refuses leaves every table as it was', async () => {
    const target = await open();
    await fill(target);
    const before = await fingerprint(target);
    // A well-formed backup whose note refers to a thing that is not there: only the database can tell.
    const out = join(folder, 'orphan.backup');
    const table = (name: string, columns: string[], types: string[], rows: number) => ({
      schema: 'kinds',
      name,
      columns,
      types,
      rows,
    });
    const header: BackupHeader = {
      version: 1,
      civitas: 'test',
      createdAt: new Date().toISOString(),
      source: 'pglite',
      bus: 'local',
      schemas: [{ name: 'kinds', migrations: ['0001-things'] }],
      tables: [
        table('notes', ['id', 'thing_id', 'body'], ['bigint', 'bigint', 'text'], 1),
        table('settings', ['key', 'value'], ['text', 'text'], 1),
      ],
      sequences: [],
      fileSets: [],
    };
    const writer = new BackupWriter(out);
    await writer.write(headerLine(header));
    await writer.write(controlLine(['table', header.tables[0]!]));
    await writer.write('{"id":1,"thing_id":404,"body":"orphan"}');
    await writer.write(controlLine(['table', header.tables[1]!]));
    await writer.write('{"key":"mode","value":"restored"}');
    await writer.write(controlLine(['end', { tables: 2, rows: 2, files: 0, fileBytes: 0, sha256: writer.digest() }]));
    await writer.finish();

    await expect(restoreDatabase(target, { file: out, plans: [kinds], force: true })).rejects.toThrow(/foreign key/);
    expect(await fingerprint(target)).toEqual(before);
  });

  it('refuses a backup taken at migrations this program does not know, naming them, before it changes anything', async () => {
    const source = await open();
    const newer: MigrationPlan = {
      schema: 'kinds',
      migrations: [...kinds.migrations, { name: '0002-from-the-future', up: async () => undefined }],
    };
    await migrate(source.root, [newer]);
    const out = join(folder, 'newer.backup');
    await dumpDatabase(source, { out, schemas: ['kinds'], civitasVersion: '9.9.9' });

    const target = await open();
    const refused = restoreDatabase(target, { file: out, plans: [kinds] });
    await expect(refused).rejects.toThrow(RestoreRefusedError);
    await expect(restoreDatabase(target, { file: out, plans: [kinds] })).rejects.toThrow(
      'the backup was taken by a newer Civitas (9.9.9): schema kinds has migrations this version does not know (0002-from-the-future); restore it with Civitas 9.9.9 or newer',
    );
    const schemas = await sql`select 1 from pg_namespace where nspname = 'kinds'`.execute(target.root);
    expect(schemas.rows).toHaveLength(0);
  });

  it('restores an older backup at its own migrations, then applies the newer ones to the restored rows', async () => {
    const source = await open();
    await fill(source);
    const out = join(folder, 'older.backup');
    await dumpDatabase(source, { out, schemas: ['kinds'], civitasVersion: 'test' });
    const later: MigrationPlan = {
      schema: 'kinds',
      migrations: [
        ...kinds.migrations,
        {
          name: '0002-note-length',
          async up(db) {
            await sql`alter table kinds.notes add column length integer`.execute(db);
            await sql`update kinds.notes set length = length(body)`.execute(db);
          },
        },
      ],
    };
    const target = await open();
    const restored = await restoreDatabase(target, { file: out, plans: [later] });
    expect(restored.migrated).toEqual(['kinds/0002-note-length']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from kinds.notes where length = 6`.execute(
      target.root,
    );
    expect(rows[0]!.n).toBe(10); // note 0 .. note 9
  });

  it('sends the events of a backup taken with NATS again (one may not have reached every consumer), not those of a local one', async () => {
    const events: MigrationPlan = { schema: 'kinds', migrations: coreEventMigrations };
    const source = await open();
    await migrate(source.root, [events]);
    await sql`insert into kinds.outbox (id, type, version, time, subject, trace_id, data, published_at) values
      ('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a51', 'kinds.made', 1, now(), 's', 't', '{}', now()),
      ('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52', 'kinds.made', 1, now(), 's', 't', '{}', null)`.execute(source.root);
    const unpublished = async (database: Database) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from kinds.outbox where published_at is null`.execute(
          database.root,
        )
      ).rows[0]!.n;
    for (const bus of ['local', 'nats'] as const) {
      const out = join(folder, `${bus}.backup`);
      await dumpDatabase(source, { out, schemas: ['kinds'], civitasVersion: 'test', bus });
      const target = await open();
      const restored = await restoreDatabase(target, { file: out, plans: [events] });
      expect(restored.republished, bus).toBe(bus === 'nats' ? 1 : 0);
      expect(await unpublished(target), bus).toBe(bus === 'nats' ? 2 : 1);
    }
  });
});
