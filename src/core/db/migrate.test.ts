import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import { migrate, pendingMigrations, type Migration } from './migrate.js';
import type { Database } from './open.js';

const createThings: Migration = {
  name: '0001-create-things',
  up: async (db) => {
    await db.schema
      .createTable('things')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .execute();
  },
};
const addName: Migration = {
  name: '0002-add-name',
  up: async (db) => {
    await db.schema.alterTable('things').addColumn('name', 'text').execute();
  },
};
const broken: Migration = {
  name: '0003-broken',
  up: async (db) => {
    await db.schema.alterTable('things').addColumn('label', 'text').execute();
    await sql`select * from no_such_table`.execute(db);
  },
};

async function columns(database: Database, schema: string, table: string): Promise<string[]> {
  const result = await sql<{ column_name: string }>`select column_name from information_schema.columns
    where table_schema = ${schema} and table_name = ${table} order by ordinal_position`.execute(database.root);
  return result.rows.map((row) => row.column_name);
}

describe('migrate', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('creates the schema and applies each migration once, in order, in that schema', async () => {
    const plan = { schema: 'alpha', migrations: [createThings, addName] };
    expect(await pendingMigrations(database.root, [plan])).toEqual(['alpha/0001-create-things', 'alpha/0002-add-name']);
    expect(await migrate(database.root, [plan])).toEqual([
      { schema: 'alpha', applied: ['0001-create-things', '0002-add-name'] },
    ]);
    expect(await migrate(database.root, [plan])).toEqual([{ schema: 'alpha', applied: [] }]);
    expect(await columns(database, 'alpha', 'things')).toEqual(['id', 'name']);
    expect(await pendingMigrations(database.root, [plan])).toEqual([]);
  });

  it('keeps services apart: the same table name lives in each schema', async () => {
    await migrate(database.root, [
      { schema: 'alpha', migrations: [createThings] },
      { schema: 'beta', migrations: [createThings, addName] },
    ]);
    expect(await columns(database, 'alpha', 'things')).toEqual(['id']);
    expect(await columns(database, 'beta', 'things')).toEqual(['id', 'name']);
  });

  it('applies all pending migrations of a service or none of them', async () => {
    await migrate(database.root, [{ schema: 'alpha', migrations: [createThings] }]);
    await expect(
      migrate(database.root, [{ schema: 'alpha', migrations: [createThings, addName, broken] }]),
    ).rejects.toThrow(/no_such_table/);
    expect(await columns(database, 'alpha', 'things')).toEqual(['id']);
    expect(await pendingMigrations(database.root, [{ schema: 'alpha', migrations: [createThings, addName] }])).toEqual([
      'alpha/0002-add-name',
    ]);
  });

  it('refuses a database migrated by a newer version of the program', async () => {
    await migrate(database.root, [{ schema: 'alpha', migrations: [createThings, addName] }]);
    await expect(migrate(database.root, [{ schema: 'alpha', migrations: [createThings] }])).rejects.toThrow(
      /schema alpha has migrations this version does not know \(0002-add-name\)/,
    );
  });
});
