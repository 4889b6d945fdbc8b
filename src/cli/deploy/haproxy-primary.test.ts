/**
 * The rendered HAProxy, run for real, in front of stand-in PostgreSQL servers and Patroni health endpoints: a
 * connection to the primary port reaches the one server whose Patroni answers 200 on /primary, and is refused while
 * that is not exactly one (HAProxy before 3.1 counts every server up until its first check, so without the rule a
 * client starting right after HAProxy reached a standby: CI's scaled lab once failed that way).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHaproxy } from './haproxy.js';
import { loadInventory } from './load-inventory.js';
import { freeShift, movedInventory } from './test-inventories.js';
import { findTool, missing } from './tools.js';
import type { Topology } from './topology.js';

const haproxyBinary = findTool('haproxy');

/** What a connection to the primary port got: the name of the server that answered, or 'refused'. */
function dial(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text.trim() || 'refused'));
  });
}

/** Listens on the port, or fails with why (a port taken since it was found free), rather than never resolving. */
function listening(server: HttpServer | TcpServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe.skipIf(!haproxyBinary)(
  `the rendered HAProxy's primary port${haproxyBinary ? '' : ` (${missing('haproxy')})`}`,
  () => {
    const root = mkdtempSync(join(tmpdir(), 'civitas-haproxy-primary-'));
    const role = new Map<string, number>(); // node name → status its Patroni answers on /primary
    const servers: (HttpServer | TcpServer)[] = [];
    let topology: Topology;
    let haproxy: ChildProcess;
    let port: number;

    beforeAll(async () => {
      // Away from the lab's own ports, from another run of this test, and from ports in use.
      const portShift = await freeShift();
      const loaded = loadInventory(movedInventory('lab', root, { tls: false, portShift }), 'lab inventory');
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      topology = loaded.topology;
      port = topology.haproxy.ports.postgres;
      for (const node of topology.postgres) {
        role.set(node.name, 503);
        // PostgreSQL's stand-in says who it is; Patroni's says 200 only where this test made it the primary.
        const postgres = createTcpServer((socket) => socket.end(`${node.name}\n`));
        const patroni = createHttpServer((request, response) => {
          response.writeHead(request.url === '/primary' ? role.get(node.name)! : 404).end();
        });
        servers.push(postgres, patroni);
        await listening(postgres, node.ports.postgres);
        await listening(patroni, node.ports.patroni);
      }
      mkdirSync(topology.haproxy.dirs.run, { recursive: true });
      const file = join(root, 'haproxy.cfg');
      writeFileSync(file, renderHaproxy(topology));
      haproxy = spawn(haproxyBinary!, ['-db', '-f', file], { stdio: 'ignore' });
    });

    afterAll(async () => {
      haproxy?.kill('SIGKILL');
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      rmSync(root, { recursive: true, force: true });
    });

    it('reaches only the server Patroni names primary, and refuses while there is none or more than one', async () => {
      const [first, second] = topology.postgres.map((node) => node.name);
      // No primary: nothing gets through (the servers are all "up" until HAProxy's first checks, and refused then too).
      expect(await dial(port)).toBe('refused');
      expect(await until(async () => (await dial(port)) === 'refused', 3000)).toBe(true);

      role.set(first!, 200);
      expect(await until(async () => (await dial(port)) === first, 5000)).toBe(true);
      for (let i = 0; i < 5; i += 1) expect(await dial(port)).toBe(first);

      // Two claim to be primary (a split brain Patroni would never allow): refuse rather than guess.
      role.set(second!, 200);
      expect(await until(async () => (await dial(port)) === 'refused', 5000)).toBe(true);

      // A failover: the old primary steps down, the new one is the only one reached.
      role.set(first!, 503);
      expect(await until(async () => (await dial(port)) === second, 5000)).toBe(true);
      for (let i = 0; i < 5; i += 1) expect(await dial(port)).toBe(second);
    });
  },
);
