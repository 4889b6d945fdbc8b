/**
 * The lab's rendered etcd and NATS files, run: three etcd members and three NATS servers on this machine form their
 * clusters (with TLS on and off), a JetStream stream gets three replicas, and Patroni's validator then finds etcd.
 * PostgreSQL under Patroni is left to the lab (lab/), which runs the whole cluster.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInventory } from './load-inventory.js';
import { renderDeployment, writeDeployment } from './render.js';
import { freeShift, movedInventory } from './test-inventories.js';
import { findTool, missing } from './tools.js';
import type { NodePlan, Topology } from './topology.js';

const etcd = findTool('etcd');
const nats = findTool('nats-server');
const openssl = findTool('openssl');
const patroni = findTool('patroni');
const TOKEN = 'lab-test-token';

const children: ChildProcess[] = [];
const roots: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

/** GET over HTTP or HTTPS; with TLS the node's own certificate, as Patroni presents it to etcd. */
function get(url: string, node: NodePlan, tls: boolean): Promise<{ status: number; body: string }> {
  if (!tls) return fetch(url).then(async (response) => ({ status: response.status, body: await response.text() }));
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      {
        ca: readFileSync(node.certs.ca),
        cert: readFileSync(node.certs.cert),
        key: readFileSync(node.certs.key),
        timeout: 3000,
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    call.on('error', reject);
    call.end();
  });
}

function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * Creates a stream the way civitas' NATS bus does, in a process of its own (NODE_EXTRA_CA_CERTS is read at start),
 * and publishes one event. Answers what happened.
 */
function runClient(
  servers: readonly string[],
  token: string,
  env: Record<string, string>,
): Promise<{ ok: boolean; replicas?: number; peers?: number; seq?: number; error?: string }> {
  const script = `
    import { connect } from '@nats-io/transport-node';
    import { jetstreamManager } from '@nats-io/jetstream';
    try {
      const nc = await connect({ servers: ${JSON.stringify(servers)}, token: ${JSON.stringify(token)}, reconnect: false, timeout: 5000 });
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.add({ name: 'DEPLOY_TEST', subjects: ['deploy-test.>'], num_replicas: 3 });
      const ack = await jsm.jetstream().publish('deploy-test.one', 'hello', { msgID: 'one' });
      console.log(JSON.stringify({ ok: true, replicas: info.config.num_replicas, peers: info.cluster?.replicas?.length ?? 0, seq: ack.seq }));
      await nc.close();
    } catch (error) {
      console.log(JSON.stringify({ ok: false, error: String(error && error.message) }));
    }`;
  return new Promise((resolve) => {
    let stdout = '';
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) || '{"ok":false,"error":"no answer"}'));
    });
  });
}

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: 'ignore' });
  children.push(child);
  return child;
}

const skipReason = !etcd ? missing('etcd') : !nats ? missing('nats-server') : undefined;

describe.each([false, true])('the lab rendered with TLS %s, run', (tls) => {
  const reason = skipReason ?? (tls && !openssl ? missing('openssl') : undefined);

  it.skipIf(reason !== undefined)(
    `forms an etcd cluster and a NATS JetStream cluster that keeps three replicas${reason ? ` (${reason})` : ''}`,
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'civitas-lab-test-'));
      roots.push(root);
      const result = loadInventory(movedInventory('lab', root, { tls, portShift: await freeShift() }), 'lab');
      if (!result.ok) throw new Error(result.problems.join('\n'));
      const topology: Topology = result.topology;
      const out = join(root, 'out');
      writeDeployment(out, renderDeployment(topology), false);
      if (tls) execFileSync('sh', [join(out, 'certs/make-certs.sh')], { stdio: 'ignore' });

      for (const node of topology.nodes) {
        mkdirSync(node.dirs.data, { recursive: true });
        start(etcd!, [], readEnvFile(join(out, node.name, 'etcd.env')));
        start(nats!, ['-c', join(out, node.name, 'nats.conf')], { NATS_TOKEN: TOKEN });
      }
      const scheme = tls ? 'https' : 'http';

      for (const node of topology.etcd) {
        const url = `${scheme}://${node.address}:${node.ports.etcdClient}/health`;
        const health = await until(`etcd ${node.name} healthy`, async () => {
          const answer = await get(url, node, tls);
          return answer.status === 200 && JSON.parse(answer.body).health === 'true' ? answer : undefined;
        });
        expect(health.status).toBe(200);
      }
      // What civitas does at start, the way its unit runs it: the servers and token of civitas.yaml and
      // civitas.env, no TLS option, the cluster CA trusted through NODE_EXTRA_CA_CERTS.
      const civitas = parse(readFileSync(join(out, 'lab-1', 'civitas.yaml'), 'utf8')) as { nats: { url: string } };
      const servers = civitas.nats.url.split(',');
      const env: Record<string, string> = tls ? { NODE_EXTRA_CA_CERTS: topology.nodes[0]!.certs.ca } : {};
      const stream = await until('a stream with three replicas', async () => {
        const answer = await runClient(servers, TOKEN, env);
        if (!answer.ok) throw new Error(answer.error);
        return answer;
      });
      expect(stream).toMatchObject({ ok: true, replicas: 3, peers: 2, seq: 1 });
      expect(await runClient(servers, 'wrong', env)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/auth/i),
      });

      if (patroni) {
        // With etcd up, the only complaint left is the loopback address a lab on one machine must use.
        const errors = spawnSync(patroni, ['--validate-config', join(out, 'lab-1', 'patroni.yml')], {
          encoding: 'utf8',
        }).stderr.split('\n');
        expect(
          errors.filter((line) => line.trim() && !/connect_address 127\.0\.0\.1:\d+ didn't pass/.test(line)),
        ).toEqual([]);
      }
    },
    120_000,
  );
});
