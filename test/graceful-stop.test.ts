/** SIGTERM drains: in-flight requests finish, the outbox is flushed to the consumers, the database closes, within 10 s. */
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/core/db/open.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { newArea, postJson } from './helpers/http.js';
import { startCivitasProcess, type CivitasProcess } from './helpers/process.js';

describe('SIGTERM', () => {
  let location: TestDatabaseLocation | undefined;
  let running: CivitasProcess | undefined;
  afterEach(async () => {
    running?.child.kill('SIGKILL');
    await running?.exited;
    await location?.drop();
  });

  it('finishes in-flight writes, delivers their events and exits 0 within 10 s', async () => {
    location = await createTestDatabase();
    const dataDir = join(location.dataDir, 'data');
    running = await startCivitasProcess([], {
      CIVITAS_SERVICES: 'config,metrics',
      CIVITAS_DATA_DIR: dataDir,
      // A slow poll: only the flush on shutdown can deliver what is still in the outbox.
      CIVITAS_OUTBOX_POLL_INTERVAL_MS: '600000',
      ...(location.url ? { DATABASE_URL: location.url } : {}),
    });
    const child = running.child;
    const statuses: number[] = [];
    let stoppedAt = 0;
    await Promise.allSettled(
      Array.from({ length: 30 }, async (_, index) => {
        const response = await postJson(`${running!.url}/api/v1/areas`, newArea(`STOP-${index}`));
        statuses.push(response.status);
        if (!stoppedAt && response.status === 201) {
          stoppedAt = Date.now();
          child.kill('SIGTERM');
        }
      }),
    );
    expect(await running.exited, running.output().slice(-2000)).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(running.output()).toMatch(/"msg":"stopped"/);
    // Every answer was a success or a clean refusal, never a half-done write.
    for (const status of statuses) expect([201, 503]).toContain(status);
    const acknowledged = statuses.filter((status) => status === 201).length;

    const database = await openDatabase({ url: location.url, dataDir });
    try {
      const areas = await sql<{ count: number }>`select count(*)::int as count from config.areas`.execute(
        database.root,
      );
      const pending = await sql<{
        count: number;
      }>`select count(*)::int as count from config.outbox where published_at is null`.execute(database.root);
      const counted = await sql<{
        count: number;
      }>`select coalesce(sum(count), 0)::int as count from metrics.event_counts`.execute(database.root);
      expect(areas.rows[0]!.count).toBeGreaterThanOrEqual(acknowledged);
      expect(pending.rows[0]!.count).toBe(0);
      expect(counted.rows[0]!.count).toBe(areas.rows[0]!.count);
    } finally {
      await database.close();
    }
  });
});
