/**
 * `civitas audit verify [--service <name>]`: seals what the service's nodes have not sealed yet, then walks its audit
 * chain and names the first broken link. Without --service, every service schema that keeps an audit log. Reads and
 * seals only: it never migrates. Exit 0 intact, 1 broken, 2 no audit log there.
 */
import { sql } from 'kysely';
import { SERVICE_NAMES } from '../config/schema.js';
import { sealAudit } from '../core/audit/seal.js';
import type { AuditDb, AuditTables } from '../core/audit/tables.js';
import { verifyAuditChain, type AuditVerification } from '../core/audit/verify.js';
import { openDatabase, type RootDb } from '../core/db/open.js';
import { UsageError } from './args.js';
import { configFromFlags } from './load-config.js';

/** A progress line on stderr each time this many more entries are checked. */
const PROGRESS_EVERY = 100_000;
/** How long to wait for a node's sealer to let go of the head before checking what is sealed. */
const SEAL_WAIT_MS = 30_000;

export async function auditVerify(flags: Record<string, string>): Promise<void> {
  const wanted = flags.service;
  if (wanted !== undefined && !(SERVICE_NAMES as readonly string[]).includes(wanted)) {
    throw new UsageError(`unknown service ${wanted}. Services: ${SERVICE_NAMES.join(', ')}`);
  }
  const config = configFromFlags(flags, ['service']);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const audited = await schemasWithAuditLog(database.root);
    if (wanted !== undefined && !audited.includes(wanted)) {
      throw new UsageError(`${wanted} keeps no audit log: there is no ${wanted}.audit_log table`);
    }
    const schemas = wanted === undefined ? audited : [wanted];
    if (schemas.length === 0) throw new UsageError('no service keeps an audit log: no service schema has audit_log');
    for (const schema of schemas) {
      const db = database.forSchema<AuditTables>(schema);
      await sealAll(schema, db);
      const result = await verifyAuditChain(db, { onProgress: progressPrinter(schema) });
      console.log(describe(schema, result));
      if (!result.ok) process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

async function schemasWithAuditLog(root: RootDb): Promise<string[]> {
  const result = await sql<{ schema: string }>`select n.nspname as schema from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relname = 'audit_log' and c.relkind = 'r' and n.nspname = any(${[...SERVICE_NAMES]})
    order by n.nspname`.execute(root);
  return result.rows.map((row) => row.schema);
}

/** Seals what is committed, so that the newest entries are checked too; a node sealing at the same time is waited for. */
async function sealAll(schema: string, db: AuditDb): Promise<void> {
  const deadline = Date.now() + SEAL_WAIT_MS;
  let sealed = 0;
  for (;;) {
    const outcome = await sealAudit(db);
    sealed += outcome.sealed;
    if (!outcome.busy || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (sealed > 0) console.error(`${schema}: sealed ${sealed} new entries`);
}

function progressPrinter(schema: string): (checked: number) => void {
  let printed = 0;
  return (checked) => {
    if (checked - printed < PROGRESS_EVERY) return;
    printed = checked - (checked % PROGRESS_EVERY);
    console.error(`${schema}: ${checked} entries checked`);
  };
}

function describe(schema: string, result: AuditVerification): string {
  if (result.ok) {
    const newer = result.unsealed > 0 ? ` (${result.unsealed} newer entries not sealed yet)` : '';
    return `audit chain of ${schema}: ${result.checked} entries, intact${newer}`;
  }
  const { seq, id, reason } = result.brokenAt;
  return `audit chain of ${schema} broken at entry seq ${seq}${id === null ? '' : ` (id ${id})`}: ${reason}`;
}
