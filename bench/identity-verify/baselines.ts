/**
 * What the verifications are compared with on the same machine: HTTP alone, their SQL alone, and pgbench
 * select-only.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { IdentityDb, IdentityTables } from '../../src/services/identity/tables.js';
import { transactionLog } from '../../src/services/identity/transaction-log.js';
import { verificationStatements } from '../../src/services/identity/verification-repository.js';
import { createScratchDatabase, machine, type CleanupRegistry } from '../lib.js';
import { httpRequest } from '../server.js';
import { LeanConnection, type Clients } from './lean-connection.js';

const run = promisify(execFile);

/**
 * `clients.count` clients (of the same kind as the load's) sending GET /health/live for `seconds`: what HTTP and
 * Fastify alone cost on this machine now.
 */
export async function httpCeiling(clients: Clients, seconds: number): Promise<number> {
  let requests = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients.count }, async () => {
      const connection = clients.kind === 'lean' ? new LeanConnection(clients.port) : undefined;
      const head = `GET /health/live HTTP/1.1\r\nhost: 127.0.0.1:${clients.port}\r\n`;
      while (performance.now() < deadline) {
        const response = connection
          ? await connection.request(head, '')
          : await httpRequest(`http://127.0.0.1:${clients.port}/health/live`, { agent: clients.agent });
        if (response.statusCode === 200) requests += 1;
      }
      connection?.close();
    }),
  );
  return requests / ((performance.now() - started) / 1000);
}

export interface SqlCeilingProps {
  readonly url: string;
  readonly uins: readonly string[];
  /** Concurrent loops, as many as the load's clients. */
  readonly clients: number;
  /** As large as the server's pool. */
  readonly poolSize: number;
  readonly durability: 'sync' | 'async';
}

/**
 * The SQL of verifications as the server sends it (the lookup by UIN as a prepared statement, the log rows by group
 * commit with the configured durability; the partner comes from its cache), from concurrent loops over a pool as
 * large as the server's, in this process, through the identity service's own statements: what PostgreSQL and the
 * driver alone allow, without HTTP.
 */
export async function sqlCeiling(props: SqlCeilingProps, seconds: number): Promise<number> {
  const { uins } = props;
  const pool = new pg.Pool({ connectionString: props.url, max: props.poolSize });
  const db = new Kysely<IdentityTables>({ dialect: new PostgresDialect({ pool }) }).withSchema(
    'identity',
  ) as unknown as IdentityDb;
  try {
    const statements = verificationStatements(db, { named: true, durability: props.durability });
    const log = transactionLog({ insert: (entries) => statements.insertTransactions(entries) });
    const { rows } = await pool.query<{ id: string }>('select id from identity.partners');
    let requests = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: props.clients }, async (_, client) => {
        const partner = rows[client % rows.length]!;
        while (performance.now() < deadline) {
          const uin = uins[Math.floor(Math.random() * uins.length)]!;
          const identity = await statements.identityByUin(uin);
          await log.append({
            id: randomUUID(),
            partnerId: partner.id,
            type: 'demographic',
            result: 'yes',
            reason: null,
            identityId: identity!.id,
            individualIdHash: 'bench',
            idKind: 'uin',
          });
          requests += 1;
        }
      }),
    );
    return requests / ((performance.now() - started) / 1000);
  } finally {
    await db.destroy();
  }
}

export interface PgbenchSettings {
  readonly clients: number;
  readonly seconds: number;
  readonly scale: number;
}

export interface PgbenchRun {
  /** Without connection time. */
  readonly tps: number;
  readonly threads: number;
  readonly output: string;
}

/** pgbench -S against a scratch database initialised at `scale`. */
export async function pgbenchSelectOnly(settings: PgbenchSettings, cleanup: CleanupRegistry): Promise<PgbenchRun> {
  const scratch = await createScratchDatabase('civitas_bench_pgbench');
  cleanup.add(() => scratch.drop());
  const url = new URL(scratch.url);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username)];
  await run('pgbench', ['-i', '-q', '-s', String(settings.scale), ...connection, scratch.name]);
  const threads = Math.min(settings.clients, machine().cpus);
  const args = ['-S', '-c', String(settings.clients), '-j', String(threads), '-T', String(settings.seconds), '-n'];
  const { stdout } = await run('pgbench', [...args, ...connection, scratch.name]);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`no tps in pgbench output:\n${stdout}`);
  return { tps: Number(tps), threads, output: stdout };
}
