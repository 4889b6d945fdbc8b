/**
 * Copies of the search service on several nodes index overlapping batches of events at once (NATS hands each
 * event to one of them, but a redelivery or a later event of the same record can reach another). Each batch is one
 * transaction; if its rows were locked in delivery order, two batches holding the same records in opposite orders
 * would each wait for the other: the HA lab's deadlock check caught exactly that. On PostgreSQL only (PGlite has one
 * connection, so nothing runs at once).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindConsumer } from '../src/core/events/consumer.js';
import type { EventEnvelope } from '../src/core/events/envelope.js';
import type { CoreEventTables } from '../src/core/events/tables.js';
import { keepIndex } from '../src/services/search/consumers.js';
import { type TestCivitas } from './helpers/civitas.js';
import { DATABASE_KIND } from './helpers/database.js';
import { eventually } from './helpers/http.js';
import { birthDeclaration, startDemoCountry } from './helpers/records.js';

const RECORDS = 40;

describe.skipIf(DATABASE_KIND !== 'postgres')('the search index written by several nodes at once', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};
  let events: EventEnvelope[] = [];

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent'], { services: 'config,auth,registry,search' }));
    const call = (url: string, payload: object) =>
      civitas.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${tokens['f.agent']}` },
        payload,
      });
    for (let i = 0; i < RECORDS; i += 1) {
      const { id } = (await call('/records', { eventType: 'birth' })).json();
      const declared = await call(`/records/${id}/declare`, { version: 1, data: birthDeclaration() });
      expect(declared.statusCode, declared.body).toBe(200);
    }
    const { rows } = await sql<{
      id: string;
      type: string;
      version: number;
      time: Date;
      subject: string;
      trace_id: string;
      data: unknown;
    }>`select id, type, version, time, subject, trace_id, data from registry.outbox
      where type like '%.declared' order by position`.execute(civitas.database.root);
    events = rows.map((row) => ({
      id: row.id,
      type: row.type,
      version: row.version,
      time: row.time.toISOString(),
      source: 'registry',
      subject: row.subject,
      traceId: row.trace_id,
      data: row.data,
    }));
    expect(events).toHaveLength(RECORDS);
    await eventually('search indexed every record', async () => {
      const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n from search.records`.execute(
        civitas.database.root,
      );
      return counted[0]!.n === RECORDS ? true : undefined;
    });
  });
  afterAll(async () => {
    await civitas?.close();
  });

  it('takes its locks in one order: batches of the same records in opposite orders never wait for each other', async () => {
    // As the buses deliver a batch to a copy of the consumer: one transaction.
    const consumer = bindConsumer('search', civitas.database.forSchema<CoreEventTables>('search'), keepIndex);
    const index = (batch: readonly EventEnvelope[]) =>
      consumer.db.transaction().execute((tx) => consumer.handleBatch(batch, tx));
    for (let round = 0; round < 5; round += 1) {
      // Both write every record (an event of the same version replaces the index entry): each locks all 40 rows.
      await Promise.all([index(events), index([...events].reverse())]);
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from search.records`.execute(
      civitas.database.root,
    );
    expect(rows[0]!.n).toBe(RECORDS);
  });
});
