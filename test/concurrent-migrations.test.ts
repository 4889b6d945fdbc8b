/** Several nodes starting at once against one PostgreSQL all come up with one correct schema. */
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '../src/config/schema.js';
import { createTestDatabase, POSTGRES_URL, type TestDatabaseLocation } from './helpers/database.js';
import { runCivitas, startCivitasProcess, type CivitasProcess } from './helpers/process.js';

describe('concurrent start-up', () => {
  let location: TestDatabaseLocation | undefined;
  const running: CivitasProcess[] = [];

  afterEach(async () => {
    for (const process of running.splice(0)) {
      process.child.kill('SIGKILL');
      await process.exited;
    }
    await location?.drop();
  });

  it.runIf(POSTGRES_URL)(
    'two processes migrating one PostgreSQL at once both succeed, each migration applied once',
    async () => {
      location = await createTestDatabase();
      const env = { DATABASE_URL: location.url };
      const [first, second, third] = await Promise.all([
        runCivitas(['migrate', '--services', 'all'], env),
        runCivitas(['migrate', '--services', 'all'], env),
        runCivitas(['migrate', '--services', 'all'], env),
      ]);
      for (const result of [first, second, third]) expect(result.code, result.stderr).toBe(0);
      // Exactly one of them applied each migration; the others found nothing to do.
      const appliedLines = [first, second, third].flatMap((result) =>
        result.stdout.split('\n').filter((line) => line.includes('applied')),
      );
      expect(appliedLines).toHaveLength(SERVICE_NAMES.length);

      const client = new pg.Client({ connectionString: location.url });
      await client.connect();
      try {
        for (const schema of SERVICE_NAMES) {
          const { rows } = await client.query<{ name: string }>(`select name from ${schema}.migrations`);
          expect(rows.map((row) => row.name)).toContain('0000-core-events');
          expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
        }
        const { rows } = await client.query(`select count(*)::int as count from config.areas`);
        expect(rows[0].count).toBe(0);
      } finally {
        await client.end();
      }
    },
  );

  it.runIf(POSTGRES_URL)('two servers starting at once on one PostgreSQL both become ready', async () => {
    location = await createTestDatabase();
    const env = { DATABASE_URL: location.url!, CIVITAS_SERVICES: 'all' };
    running.push(...(await Promise.all([startCivitasProcess([], env), startCivitasProcess([], env)])));
    for (const process of running) expect((await fetch(`${process.url}/health/ready`)).status).toBe(200);
  });

  it.skipIf(POSTGRES_URL)(
    'a second process on the same embedded data directory is refused with a clear message',
    async () => {
      location = await createTestDatabase();
      const dataDir = join(location.dataDir, 'data');
      running.push(await startCivitasProcess([], { CIVITAS_SERVICES: 'config', CIVITAS_DATA_DIR: dataDir }));
      const second = await runCivitas(['serve', '--services', 'config', '--port', '0'], { CIVITAS_DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`data directory .* is in use by process ${running[0]!.child.pid}`));
    },
  );
});
