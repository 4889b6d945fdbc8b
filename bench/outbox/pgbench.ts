/** pgbench: the raw insert ceiling of this machine and server, and what the outbox's trigger and batches do to it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandVersion, createScratchDatabase } from '../lib.js';
import type { OutboxSettings } from './options.js';

const DIAGNOSTIC_SECONDS = 5;

function pgbenchBinary(): string {
  for (const candidate of ['pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  throw new Error('pgbench not found (apt-get install postgresql-client)');
}

interface PgbenchVariant {
  readonly rowsPerTransaction: number;
  /** With the outbox's statement-level pg_notify trigger, as coreEventMigrations creates it. */
  readonly notifyTrigger: boolean;
  readonly seconds: number;
}

interface PgbenchResult extends PgbenchVariant {
  readonly clients: number;
  readonly transactions: number;
  readonly tps: number;
  readonly rowsPerSecond: number;
  readonly latencyAverageMs: number;
}

export interface PgbenchRun {
  readonly version: string | undefined;
  /** The ceiling the ratio is taken against: one row per transaction, no trigger. */
  readonly ceiling: PgbenchResult;
  /** Shorter runs that show what the outbox's NOTIFY trigger and multi-row transactions do to that ceiling. */
  readonly diagnostics: readonly PgbenchResult[];
}

/** The ceiling run, then (unless --no-pgbench-diagnostics) shorter runs with the trigger and `perTx` rows. */
export async function measurePgbench(settings: OutboxSettings): Promise<PgbenchRun> {
  const { pgbenchClients, pgbenchSeconds, perTx } = settings;
  console.error(`  pgbench: ${pgbenchClients} clients, ${pgbenchSeconds} s, then diagnostics...`);
  const diagnosticSeconds = settings.pgbenchDiagnostics ? DIAGNOSTIC_SECONDS : 0;
  const [ceiling, ...diagnostics] = await runPgbench(
    [
      { rowsPerTransaction: 1, notifyTrigger: false, seconds: pgbenchSeconds },
      ...(diagnosticSeconds > 0
        ? [
            { rowsPerTransaction: 1, notifyTrigger: true, seconds: diagnosticSeconds },
            { rowsPerTransaction: perTx, notifyTrigger: false, seconds: diagnosticSeconds },
            { rowsPerTransaction: perTx, notifyTrigger: true, seconds: diagnosticSeconds },
          ]
        : []),
    ],
    pgbenchClients,
  );
  return { version: commandVersion(pgbenchBinary(), ['--version']), ceiling: ceiling!, diagnostics };
}

const PGBENCH_ROW = `(gen_random_uuid(), 'bench.item.created', 1, now(), 'item-' || :n, 'bench-' || :client_id,
  jsonb_build_object('n', :n, 'producer', :client_id, 'name', 'Item number ' || :n,
                     'tags', jsonb_build_array('benchmark', 'producer-' || :client_id)))`;

async function runPgbench(variants: readonly PgbenchVariant[], clients: number): Promise<PgbenchResult[]> {
  const binary = pgbenchBinary();
  const scratch = await createScratchDatabase('civitas_bench_pgbench');
  const dir = mkdtempSync(join(tmpdir(), 'civitas-bench-pgbench-'));
  try {
    const url = new URL(scratch.url);
    const env = {
      ...process.env,
      PGHOST: url.searchParams.get('host') ?? url.hostname,
      PGPORT: url.port || '5432',
      PGUSER: decodeURIComponent(url.username) || 'postgres',
      PGDATABASE: scratch.name,
      ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    };
    // The outbox's shape (columns, primary key, unique id, partial index), twice: plain, and with the outbox's
    // statement-level NOTIFY trigger.
    const outbox = (name: string) => `create table ${name} (
        position bigserial primary key, id uuid not null unique, type text not null, version integer not null,
        time timestamptz not null, subject text not null, trace_id text not null, data jsonb not null,
        published_at timestamptz);
      create index ${name}_unpublished on ${name} (position) where published_at is null;`;
    execFileSync(
      'psql',
      [
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `${outbox('outbox')} ${outbox('outbox_notified')}
        create function outbox_notify() returns trigger language plpgsql as $$
          begin perform pg_notify('civitas_outbox', TG_TABLE_SCHEMA); return null; end $$;
        create trigger outbox_notify after insert on outbox_notified for each statement execute function outbox_notify();`,
      ],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const results: PgbenchResult[] = [];
    for (const variant of variants) {
      const script = join(dir, `insert-${results.length}.sql`);
      const rows = Array.from({ length: variant.rowsPerTransaction }, () => PGBENCH_ROW).join(',\n');
      writeFileSync(
        script,
        `\\set n random(1, 1000000000)\ninsert into ${variant.notifyTrigger ? 'outbox_notified' : 'outbox'} ` +
          `(id, type, version, time, subject, trace_id, data) values ${rows};\n`,
      );
      const threads = Math.min(clients, 2);
      const output = execFileSync(
        binary,
        ['-n', '-c', String(clients), '-j', String(threads), '-T', String(variant.seconds), '-f', script],
        { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
      const transactions = /number of transactions actually processed: (\d+)/.exec(output);
      const latency = /latency average = ([\d.]+) ms/.exec(output);
      if (!tps) throw new Error(`cannot read pgbench output:\n${output}`);
      results.push({
        ...variant,
        clients,
        transactions: Number(transactions?.[1] ?? NaN),
        tps: Number(tps[1]),
        rowsPerSecond: Number(tps[1]) * variant.rowsPerTransaction,
        latencyAverageMs: Number(latency?.[1] ?? NaN),
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}
