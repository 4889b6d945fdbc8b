/**
 * For the tests that run the real programs: where each one is, and how to install it when it is not there (CI
 * installs them all; a developer's machine may lack some, and then only that test is skipped).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const TOOLS = {
  haproxy: { paths: ['/usr/sbin/haproxy'], install: 'apt-get install haproxy' },
  'nats-server': { paths: ['/usr/sbin/nats-server', '/usr/bin/nats-server'], install: 'apt-get install nats-server' },
  patroni: { paths: ['/usr/bin/patroni'], install: 'apt-get install patroni' },
  etcd: { paths: ['/usr/bin/etcd'], install: 'apt-get install etcd-server' },
  openssl: { paths: ['/usr/bin/openssl'], install: 'apt-get install openssl' },
  'systemd-analyze': {
    paths: ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'],
    install: 'apt-get install systemd',
  },
} as const;

export type Tool = keyof typeof TOOLS;

/** The program's path, from its usual place or the PATH; undefined when it is not installed. */
export function findTool(tool: Tool): string | undefined {
  const known = TOOLS[tool].paths.find((path) => existsSync(path));
  if (known) return known;
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** What a skipped test says. */
export function missing(tool: Tool): string {
  return `${tool} is not installed (${TOOLS[tool].install}); skipped`;
}

/**
 * Whether commands can run in a network namespace of their own (`unshare -rn`), where no address is reachable:
 * Patroni's validator then gives the same answers on every machine.
 */
export function canIsolateNetwork(): boolean {
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
