/** The command line of bench/outbox.ts, read once into frozen settings. */
import { parseArgs } from 'node:util';

/**
 * batch (default): the consumer inserts one row per event, all rows of a delivered batch in one statement, as
 * consumers written with `handleBatch` do; insert: one statement per event (`handle`); none: it only records the time.
 */
export type Handler = 'batch' | 'insert' | 'none';

export interface OutboxSettings {
  /** Events per PostgreSQL scenario. */
  readonly events: number;
  readonly pgliteEvents: number;
  readonly producers: number;
  readonly perTx: number;
  readonly pool: number;
  readonly warmup: number;
  readonly deadlineMs: number;
  /** Keys of the scenarios to run: pglite, postgres, nats, nats-paced. */
  readonly only: ReadonlySet<string>;
  readonly pacedRate: number;
  readonly pacedEvents: number;
  readonly handler: Handler;
  readonly pgbench: boolean;
  readonly pgbenchSeconds: number;
  readonly pgbenchClients: number;
  readonly pgbenchDiagnostics: boolean;
}

export function parseOutboxSettings(): OutboxSettings {
  const { values: options } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      'pglite-events': { type: 'string', default: '5000' },
      producers: { type: 'string', default: '8' },
      'per-tx': { type: 'string', default: '10' },
      pool: { type: 'string', default: '10' },
      'warmup-events': { type: 'string', default: '400' },
      'deadline-seconds': { type: 'string', default: '60' },
      only: { type: 'string', default: 'pglite,postgres,nats,nats-paced' },
      'paced-rate': { type: 'string', default: '500' },
      'paced-events': { type: 'string', default: '5000' },
      handler: { type: 'string', default: 'batch' },
      'no-pgbench': { type: 'boolean', default: false },
      'pgbench-seconds': { type: 'string', default: '15' },
      'pgbench-clients': { type: 'string', default: '8' },
      'no-pgbench-diagnostics': { type: 'boolean', default: false },
    },
  });
  return Object.freeze({
    events: Number(options.events),
    pgliteEvents: Number(options['pglite-events']),
    producers: Number(options.producers),
    perTx: Number(options['per-tx']),
    pool: Number(options.pool),
    warmup: Number(options['warmup-events']),
    deadlineMs: Number(options['deadline-seconds']) * 1000,
    only: new Set(options.only.split(',').map((name) => name.trim())),
    pacedRate: Number(options['paced-rate']),
    pacedEvents: Number(options['paced-events']),
    handler: options.handler === 'none' ? 'none' : options.handler === 'insert' ? 'insert' : 'batch',
    pgbench: !options['no-pgbench'],
    pgbenchSeconds: Number(options['pgbench-seconds']),
    pgbenchClients: Number(options['pgbench-clients']),
    pgbenchDiagnostics: !options['no-pgbench-diagnostics'],
  });
}
