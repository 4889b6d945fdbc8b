/** What bench/identity-verify.ts prints and the JSON it writes. */
import { fmt, gitRevision, loadAverageLine, machine, percentile, saveResults, table } from '../lib.js';
import type { PgbenchRun } from './baselines.js';
import type { CpuDuringLoad } from './cpu.js';
import type { LoadResult } from './drive.js';
import type { Population } from './population.js';
import type { IdentityVerifySettings } from './settings.js';

const TARGET_PER_SECOND = 3000;
const TARGET_P95_MS = 25;

/** What is measured and how, before anything runs. */
export function printIntro(settings: IdentityVerifySettings, loadBefore: readonly number[]): void {
  console.log(
    `Civitas identity verification benchmark, revision ${gitRevision()}; ${settings.identities.toLocaleString('en')} ` +
      `identities, ${settings.clients} clients, ${settings.seconds} s after ${settings.warmupSeconds} s warm-up; ` +
      machine().cpuModel,
  );
  console.log(loadAverageLine(loadBefore));
}

export interface ReportProps {
  readonly settings: IdentityVerifySettings;
  readonly postgresVersion: string;
  readonly reusedDatabase: boolean;
  readonly population: Population;
  readonly loadAverage: { readonly before: number[]; readonly during: number[]; readonly after: number[] };
  readonly warmup: LoadResult;
  readonly result: LoadResult;
  readonly cpu: CpuDuringLoad;
  readonly transactions: number;
  readonly ceilings: {
    readonly httpPerSecond: number | undefined;
    readonly sqlPerSecond: number | undefined;
    readonly seconds: number;
  };
  readonly pgbench: PgbenchRun | undefined;
}

/** The results table and notes on stdout, and everything in bench/results. */
export function report(props: ReportProps): void {
  const { settings, result, cpu, transactions, ceilings, pgbench } = props;
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const perSecond = result.requests / result.seconds;
  const percentOfOneCore = (ms: number) => (ms / (result.seconds * 1000)) * 100;
  const summary = {
    verificationsPerSecond: perSecond,
    requests: result.requests,
    seconds: result.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    errors: result.errors,
    wrongAnswers: result.wrongAnswers,
    matchRate: result.matches / Math.max(1, result.requests),
    statuses: result.statuses,
    transactionsLogged: transactions,
    cpu: {
      serverPercentOfOneCore: percentOfOneCore(cpu.serverMs),
      loadGeneratorPercentOfOneCore: percentOfOneCore(cpu.loaderMs),
      ourPostgresBackendsPercentOfOneCore: percentOfOneCore(cpu.ourBackendsMs),
      allPostgresProcessesPercentOfOneCore: percentOfOneCore(cpu.allPostgresMs),
      everythingElsePercentOfOneCore: percentOfOneCore(cpu.otherMs),
      serverMicrosecondsPerVerification: (cpu.serverMs * 1000) / Math.max(1, result.requests),
      postgresMicrosecondsPerVerification: (cpu.ourBackendsMs * 1000) / Math.max(1, result.requests),
    },
    ceilings: {
      healthLivePerSecond: ceilings.httpPerSecond,
      sqlOnlyPerSecond: ceilings.sqlPerSecond,
      seconds: ceilings.seconds,
    },
    pgbenchSelectOnlyTps: pgbench?.tps,
    ratioToPgbench: pgbench ? perSecond / pgbench.tps : undefined,
    targetMet: perSecond >= TARGET_PER_SECOND && percentile(sorted, 95) < TARGET_P95_MS,
  };

  console.log('');
  console.log(
    table(
      ['identities', 'verifications/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'wrong', 'pgbench -S tps', 'ratio'],
      [
        [
          fmt(settings.identities),
          fmt(perSecond),
          fmt(summary.p50, 1),
          fmt(summary.p95, 1),
          fmt(summary.p99, 1),
          fmt(result.errors),
          fmt(result.wrongAnswers),
          pgbench ? fmt(pgbench.tps) : '-',
          summary.ratioToPgbench === undefined ? '-' : `${fmt(summary.ratioToPgbench * 100, 1)}%`,
        ],
      ],
    ),
  );
  console.log('');
  console.log(
    `CPU during the measurement (% of one core): server ${fmt(summary.cpu.serverPercentOfOneCore)}, load generator ` +
      `${fmt(summary.cpu.loadGeneratorPercentOfOneCore)}, this database's backends ` +
      `${fmt(summary.cpu.ourPostgresBackendsPercentOfOneCore)}, all postgres processes on the machine ` +
      `${fmt(summary.cpu.allPostgresProcessesPercentOfOneCore)}, everything else ` +
      `${fmt(summary.cpu.everythingElsePercentOfOneCore)}; per verification: server ` +
      `${fmt(summary.cpu.serverMicrosecondsPerVerification)} µs, PostgreSQL ` +
      `${fmt(summary.cpu.postgresMicrosecondsPerVerification)} µs`,
  );
  console.log(
    `Load average after warm-up: ${props.loadAverage.during.map((value) => value.toFixed(2)).join(' ')}; after the ` +
      `measurement: ${props.loadAverage.after.map((value) => value.toFixed(2)).join(' ')} (this run itself adds about 3)`,
  );
  console.log(
    `Target ${TARGET_PER_SECOND}/s with p95 < ${TARGET_P95_MS} ms: ${summary.targetMet ? 'met' : 'not met'}; ` +
      `MOSIP's published figure: 50/s. ${transactions.toLocaleString('en')} verifications logged.`,
  );
  saveResults('identity-verify', {
    name: 'identity-verify',
    revision: gitRevision(),
    date: new Date().toISOString(),
    machine: machine(),
    postgres: props.postgresVersion,
    loadAverageBefore: props.loadAverage.before,
    loadAverageDuring: props.loadAverage.during,
    loadAverageAfter: props.loadAverage.after,
    identities: settings.identities,
    clients: settings.clients,
    partners: settings.partners,
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
    serverPoolSize: settings.serverPool,
    client: settings.client,
    reusedDatabase: props.reusedDatabase,
    serverSettings: settings.identityServerSettings,
    serverNodeArgs: settings.serverNodeArgs,
    synchronousCommit: settings.synchronousCommit ?? 'server default',
    setup: { generateSeconds: props.population.generateSeconds, loadSeconds: props.population.loadSeconds },
    warmup: { verificationsPerSecond: props.warmup.requests / props.warmup.seconds, errors: props.warmup.errors },
    result: summary,
    pgbench: pgbench
      ? {
          clients: settings.pgbenchClients,
          threads: pgbench.threads,
          scale: settings.pgbenchScale,
          seconds: settings.pgbenchSeconds,
          tps: pgbench.tps,
        }
      : undefined,
  });
}
