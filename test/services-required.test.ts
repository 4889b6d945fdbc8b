import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { runCivitas } from './helpers/process.js';

async function schemaCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: number }>(
      `select count(*)::int as count from information_schema.schemata where schema_name not like 'pg_%' and schema_name <> 'information_schema'`,
    );
    return result.rows[0]!.count;
  } finally {
    await client.end();
  }
}

describe('civitas serve refuses to start without a valid service list', () => {
  let location: TestDatabaseLocation | undefined;
  afterEach(async () => {
    await location?.drop();
    location = undefined;
  });

  const cases: Array<[string, string[], NodeJS.ProcessEnv, RegExp]> = [
    ['no services named anywhere', [], {}, /No services to run/],
    ['an empty CIVITAS_SERVICES', [], { CIVITAS_SERVICES: '' }, /No services to run/],
    [
      'an unknown service in --services',
      ['--services', 'registry,payroll'],
      {},
      /services.1: unknown service "payroll"/,
    ],
    [
      'an unknown service in CIVITAS_SERVICES',
      [],
      { CIVITAS_SERVICES: 'registry,payroll' },
      /from environment CIVITAS_SERVICES/,
    ],
  ];

  for (const [why, args, env, message] of cases) {
    it(`exits non-zero, names the services and writes nothing: ${why}`, async () => {
      location = await createTestDatabase();
      const dataDir = join(location.dataDir, 'data');
      const before = location.url ? await schemaCount(location.url) : 0;
      const result = await runCivitas(['serve', '--data-dir', dataDir, ...args], {
        ...env,
        ...(location.url ? { DATABASE_URL: location.url } : {}),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(
        /config, auth, registry, search, identity, documents, notify, hooks, exchange, metrics, gateway/,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(dataDir)).toBe(false);
      if (location.url) expect(await schemaCount(location.url)).toBe(before);
    });
  }

  it('runs only the named services', async () => {
    location = await createTestDatabase();
    const result = await runCivitas(
      ['migrate', '--services', 'registry,search', '--data-dir', join(location.dataDir, 'data')],
      {
        ...(location.url ? { DATABASE_URL: location.url } : {}),
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Only the two named services' schemas, each with its own migrations.
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^registry: applied 0000-core-events, 0001-create-records, /),
      expect.stringMatching(/^search: applied 0000-core-events, 0000-core-audit, 0001-create-index/),
    ]);
  });
});
