/**
 * The lab runs the same Debian packages a real HA deployment uses. When one is missing it installs them with apt-get
 * (the lab runs as root on a test machine); when it cannot, it stops and says which command to run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

const TOOLS: ReadonlyArray<{ readonly binary: string; readonly pkg: string }> = [
  { binary: '/usr/bin/etcd', pkg: 'etcd-server' },
  { binary: '/usr/bin/patroni', pkg: 'patroni' },
  { binary: `${PG_BIN}/postgres`, pkg: 'postgresql-15' },
  { binary: '/usr/sbin/nats-server', pkg: 'nats-server' },
  { binary: '/usr/sbin/haproxy', pkg: 'haproxy' },
];

export function missingPackages(): string[] {
  return TOOLS.filter((tool) => !existsSync(tool.binary)).map((tool) => tool.pkg);
}

export function ensureTools(log: (line: string) => void): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`The lab needs ${missing.join(', ')}; install them with: sudo ${command}`);
  }
  log(`installing ${missing.join(', ')} with apt-get`);
  try {
    execFileSync('apt-get', ['install', '-y', ...missing], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', ...missing], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  const still = missingPackages();
  if (still.length > 0) throw new Error(`apt-get did not install ${still.join(', ')}; run: ${command}`);
}
