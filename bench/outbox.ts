/**
 * Events per second from commit to consumer, and commit → handled latency, through the real outbox pieces:
 * producers append events in transactions (appendEvents in db.transaction()), the relay (startRelay) moves them to the
 * bus, and an idempotent consumer (defineConsumer/bindConsumer, in a schema of its own) records when it handled each
 * event and inserts a row, as a real consumer does.
 *
 *   a. in-process bus on PGlite      b. in-process bus on PostgreSQL      c. NATS JetStream bus on PostgreSQL
 *
 * Then the machine's raw insert ceiling: pgbench, one row per transaction into an outbox-shaped table, 8 clients, 15 s.
 *
 * Usage: npm run bench:outbox [-- --events 20000 --pglite-events 5000 --producers 8 --per-tx 10 --pool 10
 *                                 --only pglite,postgres,nats --no-pgbench --pgbench-seconds 15]
 *
 * The pieces: outbox/options.ts (command line), outbox/workload.ts (event, schemas, consumer), outbox/load.ts (one
 * measured load), outbox/scenario.ts (database, bus, relay, warm-up, check), outbox/pgbench.ts, outbox/report.ts.
 */
import { loadavg } from 'node:os';
import { pino } from 'pino';
import { cleanupRegistry, runThenCleanUp } from './lib.js';
import { parseOutboxSettings } from './outbox/options.js';
import { measurePgbench } from './outbox/pgbench.js';
import { printIntro, report } from './outbox/report.js';
import { runScenario, scenarioPlans, type ScenarioResult } from './outbox/scenario.js';

const settings = parseOutboxSettings();
const cleanup = cleanupRegistry();
const log = pino({ level: 'warn', base: { bench: 'outbox' } }, pino.destination(2));

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  printIntro(settings, loadBefore);

  const pgbench = settings.pgbench ? await measurePgbench(settings) : undefined;

  const results: ScenarioResult[] = [];
  for (const plan of scenarioPlans(settings)) {
    if (settings.only.has(plan.key)) results.push(await runScenario(plan, { settings, cleanup, log }));
  }

  await report({ startedAt, loadBefore, settings, results, pgbench });
}

await runThenCleanUp(main, cleanup);
