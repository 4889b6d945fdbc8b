/** Operators see dead letters and can hand them to their consumer again once the cause is mended. */
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/core/db/open.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { runCivitas } from './helpers/process.js';

describe('civitas events', () => {
  let location: TestDatabaseLocation | undefined;
  afterEach(async () => {
    await location?.drop();
  });

  it('lists dead letters and retries them: the mended one is handled once, the invalid one stays', async () => {
    location = await createTestDatabase();
    const env = {
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      CIVITAS_SERVICES: 'config,metrics',
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    };
    expect((await runCivitas(['migrate'], env)).code).toBe(0);
    const good = {
      id: '0190c7b2-0000-7000-8000-00000000000a',
      type: 'config.area.created',
      version: 1,
      time: new Date().toISOString(),
      source: 'config',
      subject: 'P1',
      traceId: 'test',
      data: { code: 'P1', name: 'Province', kind: 'province', parentCode: null },
    };
    const bad = { ...good, id: '0190c7b2-0000-7000-8000-00000000000b', data: { code: 'P2' } };
    const database = await openDatabase({ url: location.url, dataDir: env.CIVITAS_DATA_DIR });
    try {
      for (const [envelope, reason] of [
        [good, 'database was down'],
        [bad, 'invalid data'],
      ] as const) {
        await sql`insert into metrics.dead_letters (consumer, event_id, type, envelope, reason, attempts)
          values ('count-events', ${envelope.id}, ${envelope.type}, ${JSON.stringify(envelope)}, ${reason}, 5)`.execute(
          database.root,
        );
      }
    } finally {
      await database.close();
    }

    const listed = await runCivitas(['events', 'dead-letters'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /metrics\.count-events #1 .* config\.area\.created .* after 5 attempt\(s\): database was down/,
    );
    expect(listed.stdout).toMatch(/2 dead letter\(s\)/);

    const retried = await runCivitas(['events', 'retry', '--all'], env);
    expect(retried.code).toBe(1);
    expect(retried.stdout).toMatch(/#1: handled/);
    expect(retried.stdout).toMatch(/#2: still failing: invalid data of config\.area\.created/);
    expect(retried.stdout).toMatch(/1 handled, 1 still failing/);

    const again = await runCivitas(['events', 'retry', '1'], env);
    expect(again.stdout).toMatch(/0 handled, 0 still failing/);
    const after = await runCivitas(['events', 'dead-letters'], env);
    expect(after.stdout).toMatch(/1 dead letter\(s\)/);

    const check = await openDatabase({ url: location.url, dataDir: env.CIVITAS_DATA_DIR });
    try {
      const counts = await sql<{ type: string; count: number }>`select type, count from metrics.event_counts`.execute(
        check.root,
      );
      expect(counts.rows).toEqual([{ type: 'config.area.created', count: 1 }]);
    } finally {
      await check.close();
    }
  });
});
