import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import type { Database } from '../db/open.js';
import { entryHash, hashedColumns } from './hash.js';
import { sealAudit } from './seal.js';
import { appendSamples, createAuditSchema } from './test-audit-log.js';
import type { AuditDb } from './tables.js';
import { verifyAuditChain } from './verify.js';

describe('verifying the audit chain', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  /** A schema with 1,000 sealed entries, appended in ten transactions. */
  async function sealedLog(): Promise<{
    db: AuditDb;
    table: ReturnType<typeof sql.table>;
    idAt: (seq: number) => Promise<number>;
  }> {
    const { db, schema } = await createAuditSchema(database);
    await appendSamples(db, 1000, 100);
    await sealAudit(db);
    const idAt = async (seq: number) =>
      (await db.selectFrom('audit_log').select('id').where('seq', '=', seq).executeTakeFirstOrThrow()).id;
    return { db, table: sql.table(`${schema}.audit_log`), idAt };
  }

  it('finds an intact chain intact, reading it in batches and reporting progress', async () => {
    const { db } = await sealedLog();
    const progress: number[] = [];
    expect(await verifyAuditChain(db, { batchSize: 400, onProgress: (checked) => progress.push(checked) })).toEqual({
      ok: true,
      checked: 1000,
      unsealed: 0,
    });
    expect(progress).toEqual([400, 800, 1000]);
  });

  it('counts entries not sealed yet without checking them', async () => {
    const { db } = await sealedLog();
    await appendSamples(db, 7, 7, 1000);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 1000, unsealed: 7 });
  });

  it('an entry whose detail was edited in the database is reported at its seq as edited', async () => {
    const { db, table, idAt } = await sealedLog();
    await sql`update ${table} set detail = '{"fields": ["child.name"], "n": 1}' where seq = 500`.execute(database.root);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 499,
      brokenAt: { seq: 500, id: await idAt(500), kind: 'edited', reason: expect.stringMatching(/edited/) },
    });
  });

  it('an entry whose actor was edited is reported at its seq as edited', async () => {
    const { db, table, idAt } = await sealedLog();
    await sql`update ${table} set actor = upper(actor) where seq = 7`.execute(database.root);
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      brokenAt: { seq: 7, id: await idAt(7), kind: 'edited' },
    });
  });

  it('a time moved by one microsecond is an edit', async () => {
    const { db, table } = await sealedLog();
    await sql`update ${table} set at = at + interval '1 microsecond' where seq = 1`.execute(database.root);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: { seq: 1, kind: 'edited' } });
  });

  it('a removed entry is reported at the next one, naming the missing seq', async () => {
    const { db, table, idAt } = await sealedLog();
    await sql`delete from ${table} where seq = 300`.execute(database.root);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 299,
      brokenAt: { seq: 301, id: await idAt(301), kind: 'missing', reason: 'seq 300 is missing: entries were removed' },
    });
  });

  it('an entry edited and given a recomputed hash breaks the link to the next entry', async () => {
    const { db, table, idAt } = await sealedLog();
    await sql`update ${table} set subject = 'record-other' where seq = 10`.execute(database.root);
    const forged = await db
      .selectFrom('audit_log')
      .select((eb) => [...hashedColumns(eb), 'prev_hash'])
      .where('seq', '=', 10)
      .executeTakeFirstOrThrow();
    await sql`update ${table} set hash = ${entryHash(forged.prev_hash!, 10, forged)} where seq = 10`.execute(
      database.root,
    );
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      checked: 10,
      brokenAt: { seq: 11, id: await idAt(11), kind: 'unlinked' },
    });
  });

  it('a cut tail is reported: the head names entries that are gone', async () => {
    const { db, table } = await sealedLog();
    await sql`delete from ${table} where seq > 998`.execute(database.root);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      checked: 998,
      brokenAt: {
        seq: 999,
        id: null,
        kind: 'head',
        reason: 'the chain ends at seq 998 but its head says seq 1000: the last entries were removed',
      },
    });
  });

  it('an entry inserted with a seq of its own is reported', async () => {
    const { db, table } = await sealedLog();
    await sql`insert into ${table} (actor, action, subject, seq, prev_hash, hash)
      values ('intruder', 'record.read', 'record-1', 0, '', '')`.execute(database.root);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, checked: 0, brokenAt: { seq: 0, kind: 'inserted' } });
  });

  it('a head moved back behind sealed entries is reported', async () => {
    const { db, schema } = await createAuditSchema(database);
    await appendSamples(db, 5);
    await sealAudit(db);
    const fourth = await db.selectFrom('audit_log').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow();
    await sql`update ${sql.table(`${schema}.audit_chain_head`)} set seq = 4, hash = ${fourth.hash}`.execute(
      database.root,
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, checked: 4, brokenAt: { seq: 5, kind: 'head' } });
  });
});
