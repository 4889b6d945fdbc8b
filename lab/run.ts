/**
 * `npm run lab:ha` / `npm run lab:scaled`: starts the lab on this machine, prints where everything is and the
 * cluster's status, and keeps it running until Ctrl-C, which tears down everything it started.
 * `-- --keep` leaves the folder (data and logs) behind.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startLab, type LabMode } from './cluster.js';

const mode = process.argv[2] as LabMode;
if (mode !== 'ha' && mode !== 'scaled') {
  console.error('usage: node --import tsx lab/run.ts ha|scaled [--keep]');
  process.exit(2);
}
const keep = process.argv.includes('--keep');

const lab = await startLab({ mode, keep });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[lab] stopping everything it started');
  await lab.stop({ keep });
  if (keep) console.log(`[lab] kept ${lab.dir}`);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const first = lab.topology.processes[0]!;
const config = join(lab.dir, 'config', first.node, `${first.id}.yaml`);
console.log(`
The ${mode} lab is running (folder ${lab.dir}).
  web and API through HAProxy  ${lab.baseUrl}        (n.registrar / civitas-demo-password, code 000000)
  PostgreSQL primary           ${lab.databaseUrl.replace(/:[^:@/]+@/, ':…@')}  (password: secrets/patroni.env)
  Patroni REST APIs            ${lab.patroniUrls.join(' ')}
  NATS                         ${lab.natsUrls}
  logs                         ${lab.dir}/*.log
Cluster status:
`);
try {
  const output = execFileSync(
    process.execPath,
    [join(ROOT, 'bin/civitas.js'), 'cluster', 'status', '--config', config, '--patroni', lab.patroniUrls.join(',')],
    { env: { ...process.env, ...lab.civitasEnv } },
  );
  console.log(output.toString());
} catch (error) {
  console.log((error as { stdout?: Buffer }).stdout?.toString() ?? (error as Error).message);
}
console.log('Ctrl-C stops the lab.');
