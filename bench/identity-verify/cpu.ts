/** Where the CPU went while the load ran: the server, this process, PostgreSQL, and everything else on the machine. */
import { readFileSync } from 'node:fs';
import { measureCpu, pidsNamed, processCpuMs, withClient } from '../lib.js';
import type { BenchDatabase } from './database.js';

/** CPU time in ms over the measurement. */
export interface CpuDuringLoad {
  readonly serverMs: number;
  /** This process: the load generator. */
  readonly loaderMs: number;
  /** The backends serving the run's database: what PostgreSQL spends on the verifications themselves. */
  readonly ourBackendsMs: number;
  readonly allPostgresMs: number;
  /** Everything else the machine did meanwhile (other tests, the lab, PostgreSQL's own background work). */
  readonly otherMs: number;
}

/** Busy and total CPU time of the whole machine so far, in ms (Linux /proc/stat). */
export function machineCpuMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // idle and iowait
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const tick = 1000 / 100;
  return { busy: (total - idle) * tick, total: total * tick };
}

export async function startCpuMeasurement(
  serverPid: number,
  database: BenchDatabase,
): Promise<{ stop(): Promise<CpuDuringLoad> }> {
  const serverCpuBefore = processCpuMs(serverPid) ?? 0;
  const selfCpuBefore = process.cpuUsage();
  const machineBefore = machineCpuMs();
  const postgresCpu = await measureCpu(async () => pidsNamed('postgres'));
  const ourBackendsCpu = await measureCpu(() =>
    withClient(database.url, async (client) => {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database.name],
      );
      return rows.map((row) => row.pid);
    }),
  );
  return {
    async stop() {
      const ourBackendsMs = await ourBackendsCpu.stop();
      const allPostgresMs = await postgresCpu.stop();
      const machineAfter = machineCpuMs();
      const serverMs = (processCpuMs(serverPid) ?? 0) - serverCpuBefore;
      const self = process.cpuUsage(selfCpuBefore);
      const loaderMs = (self.user + self.system) / 1000;
      const machineBusyMs = machineAfter.busy - machineBefore.busy;
      const otherMs = Math.max(0, machineBusyMs - serverMs - loaderMs - ourBackendsMs);
      return { serverMs, loaderMs, ourBackendsMs, allPostgresMs, otherMs };
    },
  };
}
