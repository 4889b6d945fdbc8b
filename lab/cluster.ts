/**
 * An HA (or scaled) deployment on this one machine: the inventory in deploy/lab/ is rendered with
 * `civitas deploy render`, exactly as an operator renders one for three servers, and every node's processes are
 * started from those files on their own ports and folders: etcd, Patroni (and its PostgreSQL), NATS, civitas, and
 * HAProxy in front. Nothing here configures a server by hand; if the lab works, the rendered files work.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Agent, setGlobalDispatcher } from 'undici';
import { loadInventory } from '../src/cli/deploy/load-inventory.js';
import type { NodePlan, ProcessPlan, Topology } from '../src/cli/deploy/topology.js';
import { ProcessTable } from './processes.js';
import { ensureTools, PG_BIN } from './tools.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CIVITAS_BIN = join(ROOT, 'bin/civitas.js');

export type LabMode = 'ha' | 'scaled';

export interface Lab {
  readonly mode: LabMode;
  readonly dir: string;
  readonly topology: Topology;
  readonly processes: ProcessTable;
  /** HAProxy's HTTP front door, e.g. http://127.0.0.1:18100 */
  readonly baseUrl: string;
  /** PostgreSQL through HAProxy: always the current primary. */
  readonly databaseUrl: string;
  readonly patroniUrls: readonly string[];
  readonly natsUrls: string;
  /** What a civitas process of this lab gets in its environment (the secrets), for commands run against it. */
  readonly civitasEnv: Record<string, string>;
  /** PostgreSQL of one node directly (not through HAProxy), as the superuser. */
  nodeDatabaseUrl(node: string): string;
  /** The node whose PostgreSQL is the Patroni leader now; with `not`, waits for a leader other than that node. */
  primaryNode(not?: string): Promise<string>;
  /** SIGKILL every process of a node (its PostgreSQL included), as a power cut would. */
  killNode(node: string): Promise<void>;
  /** Starts a killed node's processes again from the same files. */
  restartNode(node: string): Promise<void>;
  freezeNode(node: string): void;
  thawNode(node: string): void;
  waitUntilReady(timeoutMs?: number): Promise<void>;
  stop(options?: { keep?: boolean }): Promise<void>;
}

export interface LabOptions {
  readonly mode?: LabMode;
  /**
   * TLS between all parts, as in production (the default): certificates from the rendered make-certs.sh, HTTPS at
   * HAProxy and to each civitas, PostgreSQL over TLS. CIVITAS_LAB_TLS=0 runs it in plain text.
   */
  readonly tls?: boolean;
  readonly log?: (line: string) => void;
  /** Keep the folder (logs, data) after stop, for a post-mortem. */
  readonly keep?: boolean;
}

function inventoryFile(mode: LabMode): string {
  return join(ROOT, 'deploy/lab', mode === 'ha' ? 'nodes.lab.yaml' : 'nodes.scaled-lab.yaml');
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const mode = options.mode ?? 'ha';
  const log = options.log ?? ((line: string) => console.log(`[lab] ${line}`));
  ensureTools(log);
  const dir = mkdtempSync(join(tmpdir(), `civitas-lab-${mode}-`));
  // PostgreSQL runs as the postgres user: it must be able to reach its folders under ours.
  chmodSync(dir, 0o755);
  const rendered = join(dir, 'config');
  const tls = options.tls ?? process.env.CIVITAS_LAB_TLS !== '0';
  const sets = `dataRoot=${dir},tls=${tls}`;
  execFileSync(
    process.execPath,
    [CIVITAS_BIN, 'deploy', 'render', '--inventory', inventoryFile(mode), '--out', rendered, '--set', sets],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const loaded = loadInventory(readFileSync(inventoryFile(mode), 'utf8'), inventoryFile(mode), { dataRoot: dir, tls });
  if (!loaded.ok) throw new Error(`the lab inventory is wrong:\n  ${loaded.problems.join('\n  ')}`);
  const topology = loaded.topology;
  if (tls) makeCertificates(rendered, topology);
  // The secrets, drawn by the rendered script as an operator would run it once per cluster.
  execFileSync('sh', [join(rendered, 'secrets', 'make-secrets.sh'), topology.secretsDir], { stdio: 'inherit' });
  const secrets: Secrets = {
    civitas: readEnvFile(join(topology.secretsDir, 'civitas.env')),
    patroni: readEnvFile(join(topology.secretsDir, 'patroni.env')),
    nats: readEnvFile(join(topology.secretsDir, 'nats.env')),
  };
  const processes = new ProcessTable(dir);
  const lab = labHandle(mode, dir, rendered, topology, secrets, processes, log);
  try {
    await lab.bootstrap();
    return lab.handle;
  } catch (error) {
    await lab.handle.stop({ keep: true });
    throw new Error(`${(error as Error).message}\n(lab folder kept for a look: ${dir})`);
  }
}

interface Secrets {
  readonly civitas: Record<string, string>;
  readonly patroni: Record<string, string>;
  readonly nats: Record<string, string>;
}

function labHandle(
  mode: LabMode,
  dir: string,
  rendered: string,
  topology: Topology,
  secrets: Secrets,
  processes: ProcessTable,
  log: (line: string) => void,
) {
  const { haproxy } = topology;
  const scheme = topology.tls ? 'https' : 'http';
  const baseUrl = `${scheme}://${haproxy.address}:${haproxy.ports.http}`;
  const superuser = encodeURIComponent(secrets.patroni.PATRONI_SUPERUSER_PASSWORD ?? '');
  // PostgreSQL accepts only TLS (hostssl) when TLS is on; verify-full checks the server's name against the CA.
  const sslQuery = topology.tls ? `?sslmode=verify-full&sslrootcert=${topology.nodes[0]!.certs.ca}` : '';
  const postgresUrl = (address: string, port: number) =>
    `postgres://postgres:${superuser}@${address}:${port}/${topology.database.name}${sslQuery}`;
  const databaseUrl = postgresUrl(haproxy.address, haproxy.ports.postgres);
  const patroniUrls = topology.postgres.map((node) => `${scheme}://${node.address}:${node.ports.patroni}`);
  const natsUrls = topology.nats.map((node) => `nats://${node.address}:${node.ports.natsClient}`).join(',');
  const nodeDir = (node: NodePlan) => join(rendered, node.name);

  function startEtcd(node: NodePlan): void {
    mkdirSync(node.dirs.data, { recursive: true });
    mkdirSync(join(node.dirs.data, 'etcd'), { mode: 0o700 });
    processes.start({
      node: node.name,
      kind: 'etcd',
      command: 'etcd',
      args: [],
      env: readEnvFile(join(nodeDir(node), 'etcd.env')),
    });
  }

  function startPatroni(node: NodePlan): void {
    const data = join(node.dirs.data, 'postgresql');
    // Parents first with the usual mode: a recursive mkdir would make them 0700 too, shutting postgres out.
    mkdirSync(node.dirs.data, { recursive: true });
    mkdirSync(data, { mode: 0o700 });
    mkdirSync(node.dirs.run, { recursive: true });
    for (const path of [node.dirs.data, data, node.dirs.run]) chownToPostgres(path);
    processes.start({
      node: node.name,
      kind: 'patroni',
      command: 'patroni',
      args: [join(nodeDir(node), 'patroni.yml')],
      user: 'postgres',
      env: { ...secrets.patroni, PATH: `${PG_BIN}:${process.env.PATH ?? ''}` },
    });
  }

  function startNats(node: NodePlan): void {
    mkdirSync(join(node.dirs.data, 'nats'), { recursive: true });
    processes.start({
      node: node.name,
      kind: 'nats',
      command: 'nats-server',
      args: ['-c', join(nodeDir(node), 'nats.conf')],
      env: secrets.nats,
    });
  }

  function startCivitas(node: NodePlan, plan: ProcessPlan): void {
    mkdirSync(plan.dataDir, { recursive: true });
    processes.start({
      node: node.name,
      kind: plan.id,
      command: process.execPath,
      args: [CIVITAS_BIN, 'serve', '--config', join(nodeDir(node), `${plan.id}.yaml`)],
      cwd: ROOT,
      env: {
        ...secrets.civitas,
        CIVITAS_NODE_NAME: `${node.name}.${plan.id}`,
        // As the rendered systemd unit sets it: civitas trusts the cluster's CA (HAProxy, NATS, other nodes).
        ...(topology.tls ? { NODE_EXTRA_CA_CERTS: node.certs.ca } : {}),
      },
    });
  }

  function startHaproxy(): void {
    mkdirSync(haproxy.dirs.run, { recursive: true });
    processes.start({
      node: 'haproxy',
      kind: 'haproxy',
      command: 'haproxy',
      args: ['-db', '-f', join(rendered, 'haproxy', 'haproxy.cfg')],
    });
  }

  /**
   * Servers of `kinds` that exited while the lab starts are started again, twice at most each, with their exit and
   * log's tail written out: one CI run saw a NATS server exit 1 at start with an empty log, once in dozens of runs,
   * and a lab that gives up on that reports a failure of the machine, not of civitas.
   */
  const restarts = new Map<string, number>();
  function startAgainIfExited(kinds: readonly string[]): void {
    for (const entry of processes.all) {
      if (!kinds.includes(entry.kind) || entry.child.exitCode === null) continue;
      const count = restarts.get(entry.name) ?? 0;
      if (count >= 2) continue;
      restarts.set(entry.name, count + 1);
      log(
        `${entry.name} exited (${entry.child.exitCode}) while starting; starting it again. Its log:\n${processes.tail(entry)}`,
      );
      processes.relaunch(entry);
    }
  }

  async function until<T>(
    what: string,
    timeoutMs: number,
    probe: () => Promise<T | undefined>,
    restartKinds: readonly string[] = [],
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      startAgainIfExited(restartKinds);
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(250);
    }
    const logs = processes.all
      .filter((entry) => entry.child.exitCode !== null)
      .map((entry) => `--- ${entry.name} exited (${entry.child.exitCode}):\n${processes.tail(entry)}`);
    throw new Error(`${what} not within ${timeoutMs / 1000} s${last ? ` (${last})` : ''}\n${logs.join('\n')}`);
  }

  const getJson = async (url: string) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  };

  /** The members as Patroni sees them, asked of the first REST API that answers (but not `skip`'s, a dead node). */
  async function members(skip?: string): Promise<Array<{ name: string; role: string; state: string }>> {
    const urls = patroniUrls.filter((_, index) => topology.postgres[index]?.name !== skip);
    for (const url of urls) {
      try {
        const { body } = await getJson(`${url}/cluster`);
        return (body.members as Array<{ name: string; role: string; state: string }>) ?? [];
      } catch {
        // that node is down: ask the next
      }
    }
    throw new Error('no Patroni REST API answers');
  }

  async function primaryNode(not?: string): Promise<string> {
    return until(not ? `a PostgreSQL primary other than ${not}` : 'a PostgreSQL primary', 60_000, async () => {
      const leader = (await members(not)).find((member) => member.role === 'leader' && member.state === 'running');
      return leader && nodeOfMember(leader.name) !== not ? nodeOfMember(leader.name) : undefined;
    });
  }

  /** Patroni member names are the node names in the rendered files. */
  const nodeOfMember = (member: string) => topology.nodes.find((node) => member === node.name)?.name ?? member;

  async function waitUntilReady(timeoutMs = 120_000): Promise<void> {
    await until('HAProxy serving a ready civitas', timeoutMs, async () =>
      (await getJson(`${baseUrl}/health/ready`)).status === 200 ? true : undefined,
    );
  }

  async function bootstrap(): Promise<void> {
    log(`${mode} lab in ${dir}`);
    const busy = await busyPorts(topology);
    if (busy.length > 0) {
      throw new Error(`ports the lab needs are taken (another lab still running?): ${busy.join(', ')}`);
    }
    for (const node of topology.etcd) startEtcd(node);
    await until(
      'etcd healthy on every member',
      60_000,
      async () => {
        for (const node of topology.etcd) {
          const { body } = await getJson(`${scheme}://${node.address}:${node.ports.etcdClient}/health`);
          if (body.health !== 'true') return undefined;
        }
        return true;
      },
      ['etcd'],
    );
    log('etcd: 3 members healthy');
    for (const node of topology.postgres) startPatroni(node);
    await until('a Patroni leader and every standby streaming', 120_000, async () => {
      const list = await members();
      const running = list.filter((member) => member.state === 'running' || member.state === 'streaming');
      return list.some((member) => member.role === 'leader') && running.length === topology.postgres.length
        ? true
        : undefined;
    });
    log(`PostgreSQL: leader ${await primaryNode()}, ${topology.postgres.length - 1} standbys`);
    for (const node of topology.nats) startNats(node);
    await until(
      'NATS healthy on every server',
      60_000,
      async () => {
        for (const node of topology.nats) {
          const { status } = await getJson(`http://${node.address}:${node.ports.natsMonitor}/healthz`);
          if (status !== 200) return undefined;
        }
        return true;
      },
      ['nats'],
    );
    log('NATS: 3 servers in a cluster');
    startHaproxy();
    // The first process migrates and seeds alone; the others then start on a ready database.
    const [first, ...rest] = topology.processes;
    const nodeOf = (plan: ProcessPlan) => topology.nodes.find((node) => node.name === plan.node)!;
    startCivitas(nodeOf(first!), first!);
    await until(`${first!.node}/${first!.id} ready`, 120_000, async () =>
      (await getJson(`${scheme}://${nodeOf(first!).address}:${first!.httpPort}/health/ready`)).status === 200
        ? true
        : undefined,
    );
    for (const plan of rest) startCivitas(nodeOf(plan), plan);
    for (const plan of rest) {
      await until(`${plan.node}/${plan.id} ready`, 120_000, async () =>
        (await getJson(`${scheme}://${nodeOf(plan).address}:${plan.httpPort}/health/ready`)).status === 200
          ? true
          : undefined,
      );
    }
    await waitUntilReady();
    log(`civitas: ${topology.processes.length} processes ready behind ${baseUrl}`);
  }

  /** A PostgreSQL under Patroni may outlive Patroni's process group: find it by its pid file. */
  function postmasterPid(node: NodePlan): number | undefined {
    const pidFile = join(node.dirs.data, 'postgresql', 'postmaster.pid');
    if (!existsSync(pidFile)) return undefined;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  const nodePlan = (name: string) => {
    const node = topology.nodes.find((candidate) => candidate.name === name);
    if (!node) throw new Error(`the lab has no node ${name}`);
    return node;
  };

  const handle: Lab = {
    mode,
    dir,
    topology,
    processes,
    baseUrl,
    databaseUrl,
    patroniUrls,
    natsUrls,
    civitasEnv: topology.tls
      ? { ...secrets.civitas, NODE_EXTRA_CA_CERTS: topology.nodes[0]!.certs.ca }
      : secrets.civitas,
    nodeDatabaseUrl: (name) => postgresUrl(nodePlan(name).address, nodePlan(name).ports.postgres),
    primaryNode,
    waitUntilReady,
    async killNode(name) {
      const postmaster = postmasterPid(nodePlan(name));
      await Promise.all(processes.ofNode(name).map((entry) => processes.kill(entry)));
      if (postmaster) signalPid(postmaster, 'SIGKILL');
    },
    async restartNode(name) {
      for (const entry of processes.ofNode(name)) processes.relaunch(entry);
    },
    freezeNode(name) {
      const postmaster = postmasterPid(nodePlan(name));
      for (const entry of processes.ofNode(name)) processes.signal(entry, 'SIGSTOP');
      if (postmaster) signalPostgres(postmaster, 'SIGSTOP');
    },
    thawNode(name) {
      const postmaster = postmasterPid(nodePlan(name));
      if (postmaster) signalPostgres(postmaster, 'SIGCONT');
      for (const entry of processes.ofNode(name)) processes.signal(entry, 'SIGCONT');
    },
    async stop(stopOptions = {}) {
      await processes.stopAll();
      for (const node of topology.postgres) {
        const postmaster = postmasterPid(node);
        if (postmaster) signalPid(postmaster, 'SIGKILL');
      }
      if (!stopOptions.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
  return { handle, bootstrap };
}

/** Every port the lab's servers listen on that something else holds already. */
async function busyPorts(topology: Topology): Promise<string[]> {
  const wanted: Array<[string, number]> = [];
  for (const node of topology.nodes) {
    const { http: _http, ...ports } = node.ports;
    for (const [name, port] of Object.entries(ports)) wanted.push([`${node.name} ${name}`, port]);
  }
  for (const plan of topology.processes) wanted.push([`${plan.node} ${plan.id}`, plan.httpPort]);
  for (const [name, port] of Object.entries(topology.haproxy.ports)) {
    if (typeof port === 'number') wanted.push([`haproxy ${name}`, port]);
  }
  const taken: string[] = [];
  for (const [name, port] of wanted) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) taken.push(`${port} (${name})`);
  }
  return taken;
}

/**
 * The cluster's certificates, made by the rendered make-certs.sh as an operator runs it. A lab node's processes run
 * as root but PostgreSQL, which wants a key it owns (mode 0600) and folders it can enter. This process (the tests
 * and the load generator) then trusts the cluster's CA and shows a node's certificate, which etcd asks of every
 * client: Node's fetch reads the dispatcher set here.
 */
function makeCertificates(rendered: string, topology: Topology): void {
  execFileSync('sh', [join(rendered, 'certs', 'make-certs.sh')], { stdio: 'ignore' });
  for (const node of topology.nodes) {
    chmodSync(dirname(node.certs.key), 0o755);
    for (const file of [node.certs.ca, node.certs.cert]) chmodSync(file, 0o644);
    if (topology.postgres.some((candidate) => candidate.name === node.name)) {
      chownToPostgres(node.certs.key);
      chmodSync(node.certs.key, 0o600);
    }
  }
  const { ca, cert, key } = topology.nodes[0]!.certs;
  setGlobalDispatcher(
    new Agent({ connect: { ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key) } }),
  );
}

function chownToPostgres(path: string): void {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(path, uid, gid);
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/**
 * The postmaster and every process it started (backends, WAL sender and writer): stopping the postmaster alone would
 * leave open connections writing, which a frozen machine would not.
 */
function signalPostgres(pid: number, signal: NodeJS.Signals): void {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep exits 1 when there are none
  }
  // Children first when stopping, so none is left running to notice its parent stopped; the parent first to resume.
  if (signal === 'SIGCONT') signalPid(pid, signal);
  for (const child of children) signalPid(child, signal);
  if (signal !== 'SIGCONT') signalPid(pid, signal);
}

/** KEY=value lines (systemd EnvironmentFile syntax, without quotes and continuation lines). */
export function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return env;
}
