import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/database.js';
import type { Database } from '../db/open.js';
import { appendAudit, appendAudits, MAX_DETAIL_LENGTH } from './append.js';
import { createAuditSchema, sampleEntry } from './test-audit-log.js';

describe('appending to the audit log', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('writes entries unsealed, with the time of their transaction, in one statement', async () => {
    const { db } = await createAuditSchema(database);
    await db.transaction().execute((tx) => appendAudits(tx, [sampleEntry(1), sampleEntry(2)]));
    await appendAudit(db, { actor: 'client-7', action: 'record.search', subject: 'births' });
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map(({ at: _at, ...row }) => row)).toEqual([
      { id: 1, ...columns(sampleEntry(1)), seq: null, prev_hash: null, hash: null },
      { id: 2, ...columns(sampleEntry(2)), seq: null, prev_hash: null, hash: null },
      {
        id: 3,
        actor: 'client-7',
        actor_role: null,
        action: 'record.search',
        subject: 'births',
        detail: null,
        request_id: null,
        seq: null,
        prev_hash: null,
        hash: null,
      },
    ]);
    expect(rows[0]!.at).toEqual(rows[1]!.at);
  });

  it('refuses a detail long enough to be copying data, and its transaction writes nothing', async () => {
    const { db } = await createAuditSchema(database);
    const values = Array.from({ length: 200 }, (_, i) => `value number ${i}`);
    await expect(
      db.transaction().execute((tx) => appendAudit(tx, { ...sampleEntry(1), detail: { values } })),
    ).rejects.toThrow(`(at most ${MAX_DETAIL_LENGTH}): name the fields, do not copy their values`);
    expect(await db.selectFrom('audit_log').select('id').execute()).toEqual([]);
  });
});

function columns(entry: ReturnType<typeof sampleEntry>) {
  return {
    actor: entry.actor,
    actor_role: entry.actorRole,
    action: entry.action,
    subject: entry.subject,
    detail: entry.detail,
    request_id: entry.requestId,
  };
}
