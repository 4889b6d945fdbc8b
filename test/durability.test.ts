/**
 * A 2xx means durable: the server is killed with SIGKILL the moment the first acknowledgement arrives, restarted, and
 * every acknowledged area is there; the events reach the idempotent consumer exactly once in effect.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, NATS_URL, type TestDatabaseLocation } from './helpers/database.js';
import { eventually, getJson, newArea, postJson } from './helpers/http.js';
import { deleteStream, uniqueStream } from './helpers/nats.js';
import { startCivitasProcess, type CivitasProcess } from './helpers/process.js';

const buses = NATS_URL ? (['in-process', 'nats'] as const) : (['in-process'] as const);

describe.each(buses)('durability with the %s bus', (bus) => {
  let location: TestDatabaseLocation | undefined;
  let running: CivitasProcess | undefined;
  let stream: { stream: string; subjectPrefix: string } | undefined;

  afterEach(async () => {
    running?.child.kill('SIGKILL');
    await running?.exited;
    if (stream && NATS_URL) await deleteStream(NATS_URL, stream.stream);
    await location?.drop();
    running = undefined;
    location = undefined;
  });

  it('keeps every area answered 201 through a kill -9, and counts each event exactly once', async () => {
    location = await createTestDatabase();
    stream = bus === 'nats' ? uniqueStream() : undefined;
    const env: NodeJS.ProcessEnv = {
      CIVITAS_SERVICES: 'config,metrics',
      CIVITAS_DATA_DIR: join(location.dataDir, 'data'),
      ...(location.url ? { DATABASE_URL: location.url } : {}),
      ...(stream && NATS_URL
        ? {
            NATS_URL,
            CIVITAS_NATS_STREAM: stream.stream,
            CIVITAS_NATS_SUBJECT_PREFIX: stream.subjectPrefix,
            CIVITAS_NATS_ACK_WAIT_MS: '2000',
          }
        : {}),
    };
    running = await startCivitasProcess([], env);
    const base = running.url;

    // A first batch to be sure the consumer has been working before the crash.
    for (let index = 0; index < 5; index += 1) {
      expect((await postJson(`${base}/api/v1/areas`, newArea(`PRE-${index}`))).status).toBe(201);
    }

    // Then many writes at once; SIGKILL lands the moment the first of them is acknowledged.
    const child = running.child;
    const acknowledged: string[] = [];
    await Promise.allSettled(
      Array.from({ length: 40 }, async (_, index) => {
        const code = `CRASH-${index}`;
        const response = await postJson(`${base}/api/v1/areas`, newArea(code));
        if (response.status === 201) {
          acknowledged.push(code);
          child.kill('SIGKILL');
        }
      }),
    );
    expect(await running.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(0);

    running = await startCivitasProcess([], env);
    const restarted = running.url;
    for (const code of [...acknowledged, 'PRE-0', 'PRE-4']) {
      const { status } = await getJson(`${restarted}/api/v1/areas/${code}`);
      expect(status, `area ${code} was acknowledged before the crash`).toBe(200);
    }

    const { body: areas } = await getJson<{ total: number }>(`${restarted}/api/v1/areas?limit=1`);
    // Every committed area (acknowledged or committed just before the kill) is counted once, never twice.
    const counted = await eventually('every area event counted', async () => {
      const { body } = await getJson<{ counts: Record<string, number> }>(`${restarted}/api/v1/statistics/events`);
      const count = body.counts['config.area.created'] ?? 0;
      return count >= areas.total ? count : undefined;
    });
    expect(counted).toBe(areas.total);
    // Nothing more arrives later: redeliveries after the restart were recognised as duplicates.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { body: after } = await getJson<{ counts: Record<string, number> }>(`${restarted}/api/v1/statistics/events`);
    expect(after.counts['config.area.created']).toBe(areas.total);
  });
});
