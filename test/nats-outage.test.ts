/**
 * NATS down at start: readiness says so (degraded, still ready), writes still succeed (the outbox holds their events), and once NATS is up
 * everything is delivered and nothing is lost. Runs in the NATS suite (CIVITAS_TEST_NATS_URL set), which needs the
 * nats-server binary: a missing binary fails the suite, it does not skip.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, NATS_URL, type TestDatabaseLocation } from './helpers/database.js';
import { eventually, getJson, newArea, postJson } from './helpers/http.js';
import { freePort, startNatsServer, uniqueStream, type PrivateNats } from './helpers/nats.js';
import { startCivitasProcess, type CivitasProcess } from './helpers/process.js';

interface Readiness {
  ready: boolean;
  degraded: string[];
  checks: Record<string, { ok: boolean; detail: string }>;
}

describe.runIf(NATS_URL)('NATS unavailable at start', () => {
  let location: TestDatabaseLocation | undefined;
  let running: CivitasProcess | undefined;
  let nats: PrivateNats | undefined;

  afterEach(async () => {
    running?.child.kill('SIGKILL');
    await running?.exited;
    await nats?.stop();
    await location?.drop();
  });

  it('stays ready but degraded, accepts writes, and delivers all of them once NATS is up', async () => {
    location = await createTestDatabase();
    const port = await freePort();
    const { stream, subjectPrefix } = uniqueStream();
    running = await startCivitasProcess([], {
      CIVITAS_SERVICES: 'config,metrics',
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
      NATS_URL: `nats://127.0.0.1:${port}`,
      CIVITAS_NATS_STREAM: stream,
      CIVITAS_NATS_SUBJECT_PREFIX: subjectPrefix,
    });
    const base = running.url;

    // Writes succeed without NATS: a load balancer keeps sending here, and the answer says what is missing.
    const down = await getJson<Readiness>(`${base}/health/ready`);
    expect(down.status).toBe(200);
    expect(down.body.degraded).toEqual(['bus']);
    expect(down.body.checks.bus?.ok).toBe(false);
    expect(down.body.checks.database?.ok).toBe(true);

    for (let index = 0; index < 10; index += 1) {
      expect((await postJson(`${base}/api/v1/areas`, newArea(`OUT-${index}`))).status).toBe(201);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/civitas_outbox_pending_events\{schema="config"\} 10/);

    nats = await startNatsServer(port);
    await eventually('the bus back in readiness once NATS is up', async () => {
      const { body } = await getJson<Readiness>(`${base}/health/ready`);
      return body.degraded.length === 0 ? true : undefined;
    });
    const counted = await eventually('all ten events delivered', async () => {
      const { body } = await getJson<{ counts: Record<string, number> }>(`${base}/api/v1/statistics/events`);
      return body.counts['config.area.created'] === 10 ? body.counts : undefined;
    });
    expect(counted).toEqual({ 'config.area.created': 10 });
    const drained = await (await fetch(`${base}/metrics`)).text();
    expect(drained).toMatch(/civitas_outbox_pending_events\{schema="config"\} 0/);
  });
});
