/**
 * The lab's process table: every server the lab starts (etcd, Patroni and its PostgreSQL, NATS, HAProxy, civitas) is
 * a child in its own process group, logging to a file, so a failure test can SIGKILL or SIGSTOP one node's processes
 * exactly as a crashed or frozen server would behave, and teardown leaves nothing running.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabProcess {
  /** e.g. `node1/patroni`. */
  readonly name: string;
  readonly node: string;
  readonly kind: string;
  readonly log: string;
  child: ChildProcess;
  /** How to start it again after a kill (same command, same files). */
  readonly restart: () => ChildProcess;
}

export interface StartOptions {
  readonly node: string;
  readonly kind: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** Run as this system user (PostgreSQL refuses to run as root). */
  readonly user?: string;
}

export class ProcessTable {
  readonly #processes: LabProcess[] = [];

  constructor(private readonly logDir: string) {}

  get all(): readonly LabProcess[] {
    return this.#processes;
  }

  start(options: StartOptions): LabProcess {
    const name = `${options.node}/${options.kind}`;
    const log = join(this.logDir, `${options.node}-${options.kind}.log`);
    const launch = () => {
      const out = createWriteStream(log, { flags: 'a' });
      // detached: its own process group, so a kill reaches everything it started. The user is switched by spawn
      // itself, not by runuser or su, which would put the server in a session of its own, out of the signal's reach.
      const account = options.user ? userIds(options.user) : undefined;
      const child = spawn(options.command, [...options.args], {
        cwd: options.cwd,
        env: { ...process.env, ...(account ? { HOME: account.home, USER: options.user } : {}), ...options.env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(account ? { uid: account.uid, gid: account.gid } : {}),
      });
      child.stdout?.pipe(out);
      child.stderr?.pipe(out);
      return child;
    };
    const entry: LabProcess = { name, node: options.node, kind: options.kind, log, child: launch(), restart: launch };
    this.#processes.push(entry);
    return entry;
  }

  find(node: string, kind: string): LabProcess {
    const found = this.#processes.find((entry) => entry.node === node && entry.kind === kind);
    if (!found) throw new Error(`the lab runs no ${kind} on ${node}`);
    return found;
  }

  ofNode(node: string): LabProcess[] {
    return this.#processes.filter((entry) => entry.node === node);
  }

  /** Sends `signal` to the whole process group (a PostgreSQL under Patroni included). */
  signal(entry: LabProcess, signal: NodeJS.Signals): void {
    const pid = entry.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGKILL, then wait until the group leader is reaped. */
  async kill(entry: LabProcess): Promise<void> {
    const exited = entry.child.exitCode !== null || entry.child.signalCode !== null;
    const done = exited ? Promise.resolve() : new Promise((resolve) => entry.child.once('exit', resolve));
    this.signal(entry, 'SIGKILL');
    await done;
  }

  relaunch(entry: LabProcess): void {
    entry.child = entry.restart();
  }

  /** Stops everything: SIGTERM, then SIGKILL whatever is left after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    const running = this.#processes.filter(isRunning);
    for (const entry of running) {
      this.signal(entry, 'SIGCONT');
      this.signal(entry, 'SIGTERM');
    }
    await reaped(running, graceMs);
    for (const entry of running) this.signal(entry, 'SIGKILL');
    // Reaped before the next lab (same ports, same names) starts: a server killed a moment ago may hold them still.
    await reaped(running, graceMs);
  }

  /** The last lines of a process's log, for an error message. */
  tail(entry: LabProcess, lines = 20): string {
    try {
      const text = readFileSync(entry.log, 'utf8').trimEnd();
      return text === '' ? '(its log is empty)' : text.split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function userIds(user: string): { uid: number; gid: number; home: string } {
  const [name, , uid, gid, , home] = execFileSync('getent', ['passwd', user]).toString().trim().split(':');
  if (!name) throw new Error(`no system user ${user}`);
  return { uid: Number(uid), gid: Number(gid), home: home ?? '/' };
}

const isRunning = (entry: LabProcess) => entry.child.exitCode === null && entry.child.signalCode === null;

/** Until each of `entries` still running has exited, or `timeoutMs` has passed. */
async function reaped(entries: readonly LabProcess[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(entries.filter(isRunning).map((entry) => new Promise((resolve) => entry.child.once('exit', resolve)))),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}
