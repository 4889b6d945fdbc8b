/** What the benchmarks share: statistics, tables, the machine, results files and throwaway PostgreSQL databases. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The PostgreSQL server the benchmarks create their databases on (they never touch existing ones). */
export const ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_URL || process.env.CIVITAS_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const NATS_URL = process.env.BENCH_NATS_URL || process.env.CIVITAS_TEST_NATS_URL || 'nats://127.0.0.1:4222';

/** Milliseconds since the epoch with sub-millisecond precision; comparable across processes on one machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? NaN,
    median: percentile(sorted, 50),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  return summarize(values).median;
}

/** Fixed-point, or "-" for a missing value. */
export function fmt(value: number | undefined, digits = 0): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

/** A plain-text table: text columns left-aligned, numeric-looking ones right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = headers.map((_, column) => rows.every((row) => /^[-+]?[\d.,]+[%x]?$|^-$/.test(row[column] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

export function machine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The line a benchmark prints before it measures: the load average and the CPUs. */
export function loadAverageLine(before: readonly number[]): string {
  return `Load average before: ${before.map((value) => value.toFixed(2)).join(' ')} (${machine().cpus} CPUs)`;
}

/** Writes bench/results/<name>-<timestamp>.json and prints its path, after a blank line. */
export function saveResults(name: string, data: unknown): void {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `${name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log('');
  console.log(`Results: ${file.replace(ROOT, '')}`);
}

export function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  });
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the admin server, named so that it is recognisably ours; `drop` removes it. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(ADMIN_DATABASE_URL, (client) => client.query(`create database ${name}`));
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(ADMIN_DATABASE_URL, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export interface CleanupRegistry {
  /** A step to run at the end; steps run in reverse order of adding. */
  add(step: () => Promise<void> | void): void;
  run(): Promise<void>;
}

/** Runs cleanups once, on normal exit of `main` or on Ctrl-C / SIGTERM, so nothing is left behind. */
export function cleanupRegistry(): CleanupRegistry {
  const steps: Array<() => Promise<void> | void> = [];
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= (async () => {
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          console.error(`cleanup: ${(error as Error).message}`);
        }
      }
    })();
    return running;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void run().finally(() => process.exit(130));
    });
  }
  return { add: (step) => void steps.push(step), run };
}

/** Runs a benchmark's `main`, then its cleanups, also when `main` fails. */
export async function runThenCleanUp(main: () => Promise<void>, cleanup: CleanupRegistry): Promise<void> {
  try {
    await main();
  } finally {
    await cleanup.run();
  }
}

/** The first line a command prints, or undefined when it is missing. */
export function commandVersion(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      ?.trim();
  } catch {
    return undefined;
  }
}

/** The commit measured, with "+changes" when the work tree differs from it (others edit while benchmarks run). */
export function gitRevision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bin', 'package.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in ms; undefined when it is gone or this is not Linux. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Ids of the processes whose command name is `name` (Linux /proc). */
export function pidsNamed(name: string): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU used by a changing set of processes between `start()` and `stop()`, in ms. */
export async function measureCpu(pids: () => Promise<number[]>): Promise<{ stop(): Promise<number> }> {
  const before = new Map<number, number>();
  for (const pid of await pids()) before.set(pid, processCpuMs(pid) ?? 0);
  return {
    async stop() {
      let total = 0;
      for (const pid of new Set([...before.keys(), ...(await pids())])) {
        // A process that started during the measurement counts from its start.
        total += (processCpuMs(pid) ?? before.get(pid) ?? 0) - (before.get(pid) ?? 0);
      }
      return total;
    },
  };
}
