import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KIND, openTestDatabase } from '../../../test/helpers/database.js';
import { createLogger } from '../log.js';
import type { Database } from '../db/open.js';
import { appendAudit } from './append.js';
import { sealAudit, startAuditSealer } from './seal.js';
import { appendSamples, chainSnapshot, createAuditSchema, sampleEntry } from './test-audit-log.js';
import { verifyAuditChain } from './verify.js';
import type { AuditDb } from './tables.js';

async function seqsById(db: AuditDb): Promise<(number | null)[]> {
  const rows = await db.selectFrom('audit_log').select('seq').orderBy('id').execute();
  return rows.map((row) => row.seq);
}

describe('sealing the audit log', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('chains every appended entry once, seq 1 to n, in batches, and the chain verifies', async () => {
    const { db } = await createAuditSchema(database);
    await appendSamples(db, 1000, 100);
    expect(await sealAudit(db, { batchSize: 300 })).toEqual({ sealed: 1000, busy: false });
    expect(await seqsById(db)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(await db.selectFrom('audit_chain_head').select('seq').executeTakeFirst()).toEqual({ seq: 1000 });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 1000, unsealed: 0 });
  });

  it('changes nothing when sealed again', async () => {
    const { db } = await createAuditSchema(database);
    await appendSamples(db, 120, 40);
    await sealAudit(db);
    const before = await chainSnapshot(db);
    expect(await sealAudit(db)).toEqual({ sealed: 0, busy: false });
    expect(await chainSnapshot(db)).toEqual(before);
  });

  it('two or more sealers at once make one consistent chain: each entry sealed once, no seq twice', async () => {
    const { db } = await createAuditSchema(database);
    await appendSamples(db, 1000, 250);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => sealAudit(db, { batchSize: 50 })));
    // A sealer that found another at work left the rest to it, or to the next turn.
    outcomes.push(await sealAudit(db));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.sealed, 0)).toBe(1000);
    expect([...(await seqsById(db))].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 1000, unsealed: 0 });
  });

  it('seals entries appended while other transactions append and sealers run, leaving none out', async () => {
    const { db } = await createAuditSchema(database);
    const appenders = [0, 1, 2, 3].map((writer) => appendSamples(db, 200, 10, writer * 1000));
    let appending = true;
    const sealers = [0, 1].map(async () => {
      while (appending) await sealAudit(db, { batchSize: 25 });
    });
    await Promise.all(appenders);
    appending = false;
    await Promise.all(sealers);
    await sealAudit(db);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 800, unsealed: 0 });
  });

  it('chains entries appended after a seal onto the previous head', async () => {
    const { db } = await createAuditSchema(database);
    await appendSamples(db, 10);
    await sealAudit(db);
    const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
    await appendSamples(db, 5, 5, 10);
    expect(await sealAudit(db)).toEqual({ sealed: 5, busy: false });
    const first = await db
      .selectFrom('audit_log')
      .select(['seq', 'prev_hash'])
      .where('seq', '=', head.seq + 1)
      .executeTakeFirstOrThrow();
    expect(first.prev_hash).toBe(head.hash);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 15, unsealed: 0 });
  });

  it('seals an entry whose transaction took its id before later ones but committed after they were sealed', async () => {
    const { db, schema } = await createAuditSchema(database);
    // The id a slow transaction took at its insert, before the others took theirs.
    const { rows } = await sql<{ id: number }>`select nextval(${`${schema}.audit_log_id_seq`}) as id`.execute(
      database.root,
    );
    const lateId = rows[0]!.id;
    await appendSamples(db, 20);
    await sealAudit(db);
    await sql`insert into ${sql.table(`${schema}.audit_log`)} (id, actor, action, subject)
      values (${lateId}, 'user-late', 'record.read', 'record-1')`.execute(database.root);
    expect(await sealAudit(db)).toEqual({ sealed: 1, busy: false });
    const late = await db.selectFrom('audit_log').select('seq').where('id', '=', lateId).executeTakeFirstOrThrow();
    expect(late.seq).toBe(21);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 21, unsealed: 0 });
  });

  it.skipIf(DATABASE_KIND === 'pglite')(
    'a transaction still open while a sealer runs has its entry sealed by the next run (PostgreSQL: real concurrency)',
    async () => {
      const { db } = await createAuditSchema(database);
      let commitSlow!: () => void;
      let slowInserted!: () => void;
      const inserted = new Promise<void>((resolve) => (slowInserted = resolve));
      const slow = db.transaction().execute(async (tx) => {
        await appendAudit(tx, { ...sampleEntry(0), actor: 'user-slow' });
        slowInserted();
        await new Promise<void>((resolve) => (commitSlow = resolve));
      });
      await inserted;
      await appendSamples(db, 10, 5, 1);
      expect(await sealAudit(db)).toEqual({ sealed: 10, busy: false });
      commitSlow();
      await slow;
      expect(await sealAudit(db)).toEqual({ sealed: 1, busy: false });
      const entry = await db.selectFrom('audit_log').select(['id', 'seq']).where('actor', '=', 'user-slow').execute();
      expect(entry).toEqual([{ id: 1, seq: 11 }]);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 11, unsealed: 0 });
    },
  );

  it.skipIf(DATABASE_KIND === 'pglite')(
    'a sealer that finds another at work returns at once, busy, having sealed nothing (PostgreSQL)',
    async () => {
      const { db } = await createAuditSchema(database);
      await appendSamples(db, 10);
      let release!: () => void;
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const other = db.transaction().execute(async (tx) => {
        await tx.selectFrom('audit_chain_head').select('seq').forUpdate().execute();
        held();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await holding;
      expect(await sealAudit(db)).toEqual({ sealed: 0, busy: true });
      release();
      await other;
      expect(await sealAudit(db)).toEqual({ sealed: 10, busy: false });
    },
  );

  it('leaves no gap in the chain for an entry rolled back with its action', async () => {
    const { db } = await createAuditSchema(database);
    await appendSamples(db, 3);
    await expect(
      db.transaction().execute(async (tx) => {
        await appendAudit(tx, sampleEntry(99));
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await appendSamples(db, 3, 3, 3);
    await sealAudit(db);
    expect(await seqsById(db)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 6, unsealed: 0 });
  });

  it('the background sealer seals new entries every interval until stopped', async () => {
    const { db } = await createAuditSchema(database);
    const stop = startAuditSealer(db, createLogger({ level: 'silent' }), { intervalMs: 20 });
    try {
      await appendSamples(db, 30, 10);
      await expect
        .poll(async () => (await verifyAuditChain(db)).ok && (await seqsById(db)).every((seq) => seq !== null), {
          timeout: 10_000,
        })
        .toBe(true);
    } finally {
      await stop();
    }
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 30, unsealed: 0 });
  });
});
