/** `civitas audit verify`: an operator checks a service's audit chain; an entry edited in the database is named. */
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { appendSamples } from '../src/core/audit/test-audit-log.js';
import { auditMigrations, type AuditTables } from '../src/core/audit/tables.js';
import { migrate } from '../src/core/db/migrate.js';
import { openDatabase, type Database } from '../src/core/db/open.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { runCivitas } from './helpers/process.js';

describe('civitas audit verify', () => {
  let location: TestDatabaseLocation | undefined;
  afterEach(async () => {
    await location?.drop();
  });

  it('seals and finds an intact chain intact (exit 0), then names the seq of an entry edited with SQL (exit 1)', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    // PGlite admits one process at a time: the test opens the database only while the command does not run.
    const withDatabase = async (run: (database: Database) => Promise<void>) => {
      const database = await openDatabase({ url: location!.url, dataDir: env.CIVITAS_DATA_DIR });
      try {
        await run(database);
      } finally {
        await database.close();
      }
    };
    await withDatabase(async (database) => {
      await migrate(database.root, [{ schema: 'registry', migrations: auditMigrations }]);
      await appendSamples(database.forSchema<AuditTables>('registry'), 250, 50);
    });

    const intact = await runCivitas(['audit', 'verify', '--service', 'registry'], env);
    expect(intact.stdout.trim()).toBe('audit chain of registry: 250 entries, intact');
    expect(intact.stderr).toContain('registry: sealed 250 new entries');
    expect(intact.code).toBe(0);

    await withDatabase(async (database) => {
      await sql`update registry.audit_log set detail = '{"fields": ["child.name"]}' where seq = 137`.execute(
        database.root,
      );
    });
    const edited = await runCivitas(['audit', 'verify'], env);
    expect(edited.stdout.trim()).toMatch(
      /^audit chain of registry broken at entry seq 137 \(id \d+\): its content does not match its hash: it was edited$/,
    );
    expect(edited.code).toBe(1);
  });

  it('says so and exits 2 for a service that keeps no audit log', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    const result = await runCivitas(['audit', 'verify', '--service', 'config'], env);
    expect(result.stderr.trim()).toBe('config keeps no audit log: there is no config.audit_log table');
    expect(result.code).toBe(2);
  });
});
