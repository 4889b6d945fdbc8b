/** What bench/outbox.ts prints and the JSON it writes. */
import { loadavg } from 'node:os';
import {
  ADMIN_DATABASE_URL,
  fmt,
  gitRevision,
  loadAverageLine,
  machine,
  saveResults,
  serverVersion,
  table,
} from '../lib.js';
import { natsVersion } from './nats.js';
import type { OutboxSettings } from './options.js';
import type { PgbenchRun } from './pgbench.js';
import type { ScenarioResult } from './scenario.js';

const TARGET_EVENTS_PER_SECOND = 5000;
const TARGET_P99_MS = 100;

/** What is measured and how, before anything runs. */
export function printIntro(settings: OutboxSettings, loadBefore: readonly number[]): void {
  console.log('Civitas outbox: commit → relay → bus → consumer (handled), through src/core/events');
  console.log(
    `${settings.producers} concurrent producers, ${settings.perTx} events per transaction; relay batch 500, poll 1000 ms (NOTIFY wakes it); ` +
      `consumer in its own schema, ${
        {
          batch: 'one multi-row insert per delivered batch (handleBatch)',
          insert: 'one insert per event',
          none: 'no insert (--handler none)',
        }[settings.handler]
      }; ` +
      `PostgreSQL pool ${settings.pool}; ${settings.warmup} warm-up events first.`,
  );
  console.log(`Revision ${gitRevision()}.`);
  console.log(loadAverageLine(loadBefore));
  console.log('');
}

export interface ReportProps {
  readonly startedAt: Date;
  readonly loadBefore: readonly number[];
  readonly settings: OutboxSettings;
  readonly results: readonly ScenarioResult[];
  readonly pgbench: PgbenchRun | undefined;
}

/** The tables, the problems each scenario's check found, the target's verdict; then the JSON file. */
export async function report({ startedAt, loadBefore, settings, results, pgbench }: ReportProps): Promise<void> {
  printScenarios(results, pgbench);
  printProblems(results, settings.warmup);
  if (pgbench) printPgbench(pgbench);

  const nats = results.find((result) => result.bus === 'nats' && result.offeredRate === undefined);
  const verdict = nats
    ? {
        eventsPerSecond: nats.eventsPerSecond >= TARGET_EVENTS_PER_SECOND ? 'met' : 'NOT met',
        p99: nats.p99Ms < TARGET_P99_MS ? 'met' : 'NOT met',
      }
    : undefined;
  console.log('');
  console.log(
    `Target (NATS JetStream on PostgreSQL): ≥ ${TARGET_EVENTS_PER_SECOND} events/s → ` +
      (nats ? `${fmt(nats.eventsPerSecond)} events/s, ${verdict!.eventsPerSecond}` : 'not measured') +
      `; p99 < ${TARGET_P99_MS} ms → ` +
      (nats ? `${fmt(nats.p99Ms, 1)} ms, ${verdict!.p99}` : 'not measured'),
  );

  saveResults('outbox', {
    name: 'outbox',
    revision: gitRevision(),
    date: startedAt.toISOString(),
    machine: machine(),
    loadAverage: { before: loadBefore, after: loadavg() },
    postgres:
      results.some((result) => result.database === 'postgres') || pgbench
        ? await serverVersion(ADMIN_DATABASE_URL)
        : undefined,
    nats: nats ? await natsVersion() : undefined,
    settings: {
      producers: settings.producers,
      eventsPerTransaction: settings.perTx,
      poolSize: settings.pool,
      warmupEvents: settings.warmup,
      handler: settings.handler,
      relayBatchSize: 500,
      relayPollIntervalMs: 1000,
      deadlineSeconds: settings.deadlineMs / 1000,
    },
    target: { eventsPerSecond: TARGET_EVENTS_PER_SECOND, p99Ms: TARGET_P99_MS, verdict },
    scenarios: results,
    pgbench,
  });
}

function printScenarios(results: readonly ScenarioResult[], pgbench: PgbenchRun | undefined): void {
  const rows = results.map((result) => [
    result.label + (result.complete ? '' : ' (INCOMPLETE)'),
    String(result.events),
    fmt(result.seconds, 2),
    fmt(result.eventsPerSecond),
    fmt(result.commitsPerSecond),
    fmt(result.p50Ms, 1),
    fmt(result.p99Ms, 1),
    fmt(result.maxMs, 1),
    fmt(result.cpuMsPerEvent * 1000),
    result.postgresCpuMsPerEvent === undefined ? '-' : fmt(result.postgresCpuMsPerEvent * 1000),
    result.natsCpuMsPerEvent === undefined ? '-' : fmt(result.natsCpuMsPerEvent * 1000),
    `${fmt(result.eventLoopBusy * 100)}%`,
    pgbench && result.database === 'postgres' ? fmt(result.eventsPerSecond / pgbench.ceiling.tps, 2) : '-',
  ]);
  console.log(
    table(
      [
        'scenario',
        'events',
        'seconds',
        'events/s',
        'commits/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'Node CPU µs/event',
        'PG CPU µs/event',
        'NATS CPU µs/event',
        'loop busy',
        'ratio to pgbench',
      ],
      rows,
    ),
  );
  console.log(
    'events/s: handled by the consumer, end to end (first commit → last handled); commits/s: producers alone; ' +
      'latency: producer commit returned → consumer handled the event; Node CPU: this process, all threads, ' +
      'per event handled; PG CPU: the PostgreSQL backends of the scenario database; NATS CPU: nats-server; ' +
      'loop busy: event-loop utilisation of the one thread that runs producers, relay and consumer.',
  );
}

/** Each scenario whose consumer did not receive, process and publish every event exactly once. */
function printProblems(results: readonly ScenarioResult[], warmup: number): void {
  for (const result of results) {
    const { received, processed, unpublished, deadLetters } = result.check;
    const problems = [
      received !== result.events + warmup ? `received ${received}` : '',
      processed !== result.events + warmup ? `processed ${processed}` : '',
      unpublished > 0 ? `${unpublished} unpublished` : '',
      deadLetters > 0 ? `${deadLetters} dead letters` : '',
      result.duplicateHandlerCalls > 0 ? `${result.duplicateHandlerCalls} repeated handler calls` : '',
    ].filter(Boolean);
    if (problems.length > 0) console.log(`  ${result.label}: ${problems.join(', ')}`);
  }
}

function printPgbench(pgbench: PgbenchRun): void {
  const { ceiling } = pgbench;
  console.log('');
  console.log(
    `pgbench (raw insert ceiling): ${fmt(ceiling.tps)} inserts/s, one outbox-shaped row (jsonb payload) per ` +
      `transaction, ${ceiling.clients} clients, ${ceiling.seconds} s, average latency ${fmt(ceiling.latencyAverageMs, 2)} ms. ` +
      'ratio = events/s ÷ this.',
  );
  if (pgbench.diagnostics.length > 0) {
    console.log(
      'pgbench diagnostics: the same insert with the outbox NOTIFY trigger, and with several rows per transaction:',
    );
    console.log(
      table(
        ['rows/tx', 'NOTIFY trigger', 'seconds', 'tx/s', 'rows/s', 'latency ms'],
        [ceiling, ...pgbench.diagnostics].map((run) => [
          String(run.rowsPerTransaction),
          run.notifyTrigger ? 'yes' : 'no',
          String(run.seconds),
          fmt(run.tps),
          fmt(run.rowsPerSecond),
          fmt(run.latencyAverageMs, 2),
        ]),
      ),
    );
  }
}
