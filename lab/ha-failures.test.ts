/**
 * HA mode proven by breaking it under load (`npm run test:lab`): three nodes on this machine, each with etcd,
 * Patroni + PostgreSQL, NATS and civitas, HAProxy in front; clients declare and register births through HAProxy the
 * whole time. After each failure, every birth a client was told was registered must be in the database exactly once
 * and its child must hold one identity number (the events got through); each test prints its table.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost } from './assertions.js';
import { ROOT, startLab, type Lab } from './cluster.js';
import { signIn, startLoad, type LoadResult } from './load.js';
import { formatRows, type Row } from './report.js';
import { checkOutcome, outage } from './verify.js';

const CLIENTS = Number(process.env.LAB_CLIENTS ?? 6);
const rows: Row[] = [];
let lab: Lab;
let token: string;

beforeAll(async () => {
  lab = await startLab({ mode: 'ha', keep: process.env.LAB_KEEP === '1' });
  token = await signIn(lab.baseUrl, 'n.registrar', 'civitas-demo-password');
}, 300_000);

afterAll(async () => {
  console.log(`\n${formatRows(rows)}\n`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lab-ha.json'), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2));
  await lab?.stop({ keep: process.env.LAB_KEEP === '1' });
}, 60_000);

/** Runs load for the whole of `during`, then checks what the clients were told against the database. */
async function underLoad(
  test: string,
  during: (load: { runId: string }) => Promise<{ failedAt: number; note?: string }>,
): Promise<Row> {
  const runId = `${test.split(' ')[0]}-${Date.now().toString(36)}`;
  const load = startLoad({ baseUrl: lab.baseUrl, token, clients: CLIENTS, runId });
  let result: LoadResult;
  let failedAt: number;
  let note: string | undefined;
  try {
    await sleep(3000);
    ({ failedAt, note } = await during({ runId }));
    // Some load after the repair too: the cluster must take writes on every node again.
    await sleep(4000);
  } finally {
    result = await load.stop();
  }
  const stoppedAt = Date.now();
  const outcome = await checkOutcome(lab.databaseUrl, runId, result);
  const { longestGap, firstWrite } = outage(result, failedAt!, stoppedAt);
  const row: Row = { test, outcome, outageSeconds: longestGap, firstWriteSeconds: firstWrite, note };
  rows.push(row);
  console.log(formatRows([row]));
  for (const birth of result.births.filter((birth) => !birth.acknowledged).slice(0, 3)) {
    console.log(`  not acknowledged: ${birth.marker}: ${birth.error ?? 'unfinished'}`);
  }
  return row;
}

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now();
    await sleep(200);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

/** Whether a write succeeds directly on one node's PostgreSQL (not through HAProxy) within a second. */
async function acceptsWrite(node: string): Promise<boolean> {
  const client = new pg.Client({
    // With the superuser's password: without it every try failed to sign in and "no write" proved nothing.
    connectionString: lab.nodeDatabaseUrl(node),
    connectionTimeoutMillis: 1000,
    statement_timeout: 1000,
    query_timeout: 1500,
  });
  // A node frozen or demoted meanwhile drops the connection: an 'error' event with no listener would end the run.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('create table if not exists lab_probe (at timestamptz)');
    await client.query('insert into lab_probe values (now())');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('HA lab: failures under load', () => {
  it('1. SIGKILL the node whose PostgreSQL is primary: writes resume on the new primary, nothing acknowledged is lost', async () => {
    let victim = '';
    const row = await underLoad('1 kill primary node', async () => {
      victim = await lab.primaryNode();
      const failedAt = Date.now();
      await lab.killNode(victim);
      const newPrimary = await lab.primaryNode(victim);
      expect(newPrimary).not.toBe(victim);
      // Writes go on for a while on the new primary, then the dead node comes back and rejoins as a standby.
      await sleep(8000);
      await lab.restartNode(victim);
      await until(`${victim} back as a streaming standby`, 90_000, async () => {
        const response = await fetch(
          `${lab.patroniUrls[lab.topology.nodes.findIndex((n) => n.name === victim)]}/replica`,
        );
        return response.status === 200;
      });
      return { failedAt, note: `killed ${victim}, new primary ${newPrimary}` };
    });
    expectNothingLost(row.outcome);
    // The target is 15 s; the bound leaves room for a busy CI machine (the table reports the real figure).
    expect(row.firstWriteSeconds).toBeLessThan(30);
  });

  it('2. SIGKILL one civitas process: HAProxy stops sending to it, its outbox is still delivered', async () => {
    const primary = await lab.primaryNode();
    const victim = lab.topology.processes.find((plan) => plan.node !== primary)!;
    let downAfter = 0;
    const row = await underLoad('2 kill civitas', async () => {
      const entry = lab.processes.find(victim.node, victim.id);
      const failedAt = Date.now();
      await lab.processes.kill(entry);
      const down = await until('HAProxy marks it down', 30_000, async () => {
        const response = await fetch(`${lab.baseUrl}/health/ready`);
        // HAProxy keeps answering through the other nodes; its stats say when it stopped using this one.
        return response.ok && (await haproxyServerState(victim.node, victim.httpPort)) === 'DOWN';
      });
      downAfter = (down - failedAt) / 1000;
      await sleep(3000);
      lab.processes.relaunch(entry);
      await lab.waitUntilReady();
      return { failedAt, note: `${victim.node}/${victim.id} down in HAProxy after ${downAfter.toFixed(1)} s` };
    });
    expectNothingLost(row.outcome);
    expect(downAfter).toBeLessThan(10);
  });

  it('3. kill one NATS server: events keep flowing', async () => {
    const row = await underLoad('3 kill NATS', async () => {
      const victim = lab.topology.nats[0]!.name;
      const entry = lab.processes.find(victim, 'nats');
      const failedAt = Date.now();
      await lab.processes.kill(entry);
      await sleep(8000);
      lab.processes.relaunch(entry);
      return { failedAt, note: `NATS on ${victim} killed for 8 s` };
    });
    expectNothingLost(row.outcome);
  });

  it('4. freeze the primary node and thaw it: no split brain, it rejoins and catches up', async () => {
    let oldPrimary = '';
    let writesOnOld = 0;
    const row = await underLoad('4 freeze primary node', async () => {
      oldPrimary = await lab.primaryNode();
      // The probe must be able to write where writing is allowed, or its "no" below would mean nothing.
      expect(await acceptsWrite(oldPrimary)).toBe(true);
      const failedAt = Date.now();
      lab.freezeNode(oldPrimary);
      const newPrimary = await lab.primaryNode(oldPrimary);
      expect(newPrimary).not.toBe(oldPrimary);
      await sleep(5000);
      lab.thawNode(oldPrimary);
      // For 15 s after it wakes, the old primary must not take a single write while another node leads.
      const until15 = Date.now() + 15_000;
      while (Date.now() < until15) {
        if ((await lab.primaryNode()) !== oldPrimary && (await acceptsWrite(oldPrimary))) writesOnOld += 1;
        await sleep(300);
      }
      await until(`${oldPrimary} back as a streaming standby`, 90_000, async () => {
        const index = lab.topology.nodes.findIndex((node) => node.name === oldPrimary);
        return (await fetch(`${lab.patroniUrls[index]}/replica`)).status === 200;
      });
      return {
        failedAt,
        note: `froze ${oldPrimary}; new primary ${newPrimary}; writes on the old one: ${writesOnOld}`,
      };
    });
    expect(writesOnOld).toBe(0);
    expectNothingLost(row.outcome);
  });
});

describe('HA lab: the nodes together', () => {
  it('never deadlock each other (copies of a consumer on three nodes write the same rows)', () => {
    const deadlocks = lab.processes.all
      .filter((entry) => entry.kind === 'patroni')
      .flatMap((entry) => {
        const lines = readFileSync(entry.log, 'utf8').split('\n');
        // With what PostgreSQL logs after it (the processes, the statement), to see which writes met.
        return lines.flatMap((line, index) =>
          line.includes('deadlock detected') ? [lines.slice(index, index + 6).join('\n')] : [],
        );
      });
    expect(deadlocks).toEqual([]);
  });
});

/** A server's state (UP, DOWN, ...) in HAProxy's stats CSV, found by its address. */
async function haproxyServerState(node: string, port: number): Promise<string | undefined> {
  const stats = lab.topology.haproxy.ports.stats;
  const response = await fetch(`http://${lab.topology.haproxy.address}:${stats}/stats;csv`);
  const lines = (await response.text()).split('\n');
  const header = lines[0]!.replace(/^# /, '').split(',');
  const column = (name: string) => header.indexOf(name);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells[column('addr')]?.endsWith(`:${port}`) || cells[column('svname')]?.includes(node)) {
      if (cells[column('addr')] && !cells[column('addr')]!.endsWith(`:${port}`)) continue;
      return cells[column('status')];
    }
  }
  return undefined;
}
