/**
 * UIN pool benchmark: how fast the identity service fills its pool of pre-generated UINs (generation with the
 * crypto-random generator under every MOSIP rule, then batched inserts with ON CONFLICT DO NOTHING under the refill
 * lock), on PostgreSQL (a scratch database, 1,000,000 numbers by default) and on PGlite (100,000 by default); and how
 * fast UINs are then issued by concurrent transactions with FOR UPDATE SKIP LOCKED, checking none is issued twice.
 *
 * Run: npm run bench:uin-pool (or node --import tsx bench/uin-pool.ts). BENCH_POOL, BENCH_PGLITE_POOL,
 * BENCH_ISSUE (UINs issued), BENCH_ISSUERS (concurrent issuers) change the sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../src/core/db/migrate.js';
import { openDatabase, type Database } from '../src/core/db/open.js';
import identityService from '../src/services/identity/index.js';
import { uinRules } from '../src/services/identity/numbers/rules.js';
import { countUnissued, fillPool, lockUnissuedUin, markIssued } from '../src/services/identity/pool.js';
import { identityDb } from '../src/services/identity/tables.js';
import {
  cleanupRegistry,
  createScratchDatabase,
  fmt,
  loadAverageLine,
  machine,
  runThenCleanUp,
  saveResults,
  serverVersion,
  table,
} from './lib.js';

const POOL = Number(process.env.BENCH_POOL ?? 1_000_000);
const PGLITE_POOL = Number(process.env.BENCH_PGLITE_POOL ?? 100_000);
const ISSUE = Number(process.env.BENCH_ISSUE ?? 5_000);
const ISSUERS = Number(process.env.BENCH_ISSUERS ?? 16);

interface FillResult {
  readonly database: string;
  readonly numbers: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly secondsPerMillion: number;
}

interface IssueResult {
  readonly issuers: number;
  readonly issued: number;
  readonly perSecond: number;
  readonly duplicates: number;
}

async function prepared(database: Database): Promise<void> {
  await migrate(database.root, [{ schema: 'identity', migrations: identityService.migrations }]);
}

async function fill(database: Database, label: string, numbers: number): Promise<FillResult> {
  const db = identityDb(database);
  const started = performance.now();
  const outcome = await fillPool(db, { rules: uinRules(), target: numbers });
  const seconds = (performance.now() - started) / 1000;
  const unissued = await countUnissued(db);
  if (unissued !== numbers || outcome.inserted !== numbers) {
    throw new Error(`the pool holds ${unissued} numbers after inserting ${outcome.inserted}, not ${numbers}`);
  }
  return {
    database: label,
    numbers,
    seconds,
    perSecond: numbers / seconds,
    secondsPerMillion: (seconds * 1_000_000) / numbers,
  };
}

/** `count` UINs issued by `issuers` concurrent transactions, each taking one number at a time. */
async function issue(database: Database, issuers: number, count: number): Promise<IssueResult> {
  const db = identityDb(database);
  const rules = uinRules();
  const issued: string[] = [];
  let remaining = count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: issuers }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        issued.push(
          await db.transaction().execute(async (tx) => {
            const uin = await lockUnissuedUin(tx, rules);
            await markIssued(tx, uin);
            return uin;
          }),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    issuers,
    issued: issued.length,
    perSecond: issued.length / seconds,
    duplicates: issued.length - new Set(issued).size,
  };
}

async function main(cleanup: ReturnType<typeof cleanupRegistry>): Promise<void> {
  const before = loadavg();
  console.log(`Civitas UIN pool benchmark; ${machine().cpuModel}`);
  console.log(loadAverageLine(before));

  const scratch = await createScratchDatabase('civitas_bench_uinpool');
  cleanup.add(() => scratch.drop());
  const postgres = await openDatabase({ url: scratch.url, dataDir: tmpdir(), poolSize: ISSUERS + 2 });
  cleanup.add(() => postgres.close());
  await prepared(postgres);
  const version = await serverVersion(scratch.url);
  const fills: FillResult[] = [await fill(postgres, `PostgreSQL ${version}`, POOL)];
  const issues = [await issue(postgres, 1, Math.min(ISSUE, 2_000)), await issue(postgres, ISSUERS, ISSUE)];

  const folder = mkdtempSync(join(tmpdir(), 'civitas-bench-uinpool-'));
  cleanup.add(() => rmSync(folder, { recursive: true, force: true }));
  const pglite = await openDatabase({ dataDir: folder });
  cleanup.add(() => pglite.close());
  await prepared(pglite);
  fills.push(await fill(pglite, 'PGlite (on disk)', PGLITE_POOL));

  console.log('');
  console.log(
    table(
      ['database', 'numbers', 'seconds', 'numbers/s', 'time to fill 1,000,000'],
      fills.map((result) => [
        result.database,
        fmt(result.numbers),
        fmt(result.seconds, 1),
        fmt(result.perSecond),
        `${fmt(result.secondsPerMillion, 1)} s`,
      ]),
    ),
  );
  console.log('');
  console.log(
    table(
      ['issuers (PostgreSQL)', 'UINs issued', 'UINs/s', 'issued twice'],
      issues.map((result) => [fmt(result.issuers), fmt(result.issued), fmt(result.perSecond), fmt(result.duplicates)]),
    ),
  );
  saveResults('uin-pool', { machine: machine(), loadAverageBefore: before, fills, issues });
}

const cleanup = cleanupRegistry();
await runThenCleanUp(() => main(cleanup), cleanup);
