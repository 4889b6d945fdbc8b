/**
 * The database matrix: every test that needs a database gets a fresh one of the kind the run asks for.
 * CIVITAS_TEST_DATABASE_URL unset: PGlite (in memory, or in a temporary data directory for child processes).
 * CIVITAS_TEST_DATABASE_URL=postgres://...: a new database created on that server for the test, dropped after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db/open.js';
import { copyPGliteTemplate, pgliteTemplateImage } from './pglite-template.js';

export const POSTGRES_URL = process.env.CIVITAS_TEST_DATABASE_URL || undefined;
export const NATS_URL = process.env.CIVITAS_TEST_NATS_URL || undefined;
export const DATABASE_KIND = POSTGRES_URL ? 'postgres' : 'pglite';

export interface TestDatabaseLocation {
  /** PostgreSQL URL of the fresh database, or undefined for PGlite. */
  readonly url: string | undefined;
  /** A fresh temporary folder (PGlite keeps its data here when url is undefined). */
  readonly dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database location of the run's kind. PGlite's is a copy of a freshly initialised database (see
 * pglite-template.ts) unless `bare`: then the data directory is empty, as on a machine Civitas never ran on.
 */
export async function createTestDatabase(options: { bare?: boolean } = {}): Promise<TestDatabaseLocation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civitas-test-'));
  if (!POSTGRES_URL) {
    if (!options.bare) await copyPGliteTemplate(dataDir);
    return { url: undefined, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `civitas_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Opens a fresh database for an in-process test; `close` also drops it. */
export async function openTestDatabase(): Promise<Database & { location: TestDatabaseLocation }> {
  const location = await createTestDatabase();
  const database = await openDatabase(
    location.url
      ? { url: location.url, dataDir: location.dataDir }
      : { dataDir: location.dataDir, inMemory: true, image: await pgliteTemplateImage() },
  );
  return {
    ...database,
    location,
    close: async () => {
      await database.close();
      await location.drop();
    },
  };
}
