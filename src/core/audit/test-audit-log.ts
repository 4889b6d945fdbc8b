/** For the tests of this folder: a schema with the audit tables, and entries to fill it. */
import { migrate } from '../db/migrate.js';
import type { Database } from '../db/open.js';
import { appendAudits, type AuditEntry } from './append.js';
import { auditMigrations, type AuditDb, type AuditTables } from './tables.js';

let schemas = 0;

/** A new schema with the audit tables, so the tests of one file can share a database. */
export async function createAuditSchema(database: Database): Promise<{ db: AuditDb; schema: string }> {
  schemas += 1;
  const schema = `audited_${schemas}`;
  await migrate(database.root, [{ schema, migrations: auditMigrations }]);
  return { db: database.forSchema<AuditTables>(schema), schema };
}

export function sampleEntry(n: number): AuditEntry {
  return {
    actor: `user-${n % 7}`,
    actorRole: 'registrar',
    action: n % 3 === 0 ? 'record.declare' : 'record.read',
    subject: `record-${n % 50}`,
    detail: { fields: ['child.name', 'child.birthDate'], n },
    requestId: `req-${n}`,
  };
}

/** Appends `count` sample entries, `perTransaction` to a transaction. */
export async function appendSamples(db: AuditDb, count: number, perTransaction = 100, first = 0): Promise<void> {
  for (let start = 0; start < count; start += perTransaction) {
    const size = Math.min(perTransaction, count - start);
    await db.transaction().execute((tx) =>
      appendAudits(
        tx,
        Array.from({ length: size }, (_, i) => sampleEntry(first + start + i)),
      ),
    );
  }
}

/** Every entry's chain columns and the head, to compare before and after. */
export async function chainSnapshot(db: AuditDb): Promise<unknown> {
  const entries = await db.selectFrom('audit_log').select(['id', 'seq', 'prev_hash', 'hash']).orderBy('id').execute();
  const head = await db.selectFrom('audit_chain_head').selectAll().execute();
  return { entries, head };
}
