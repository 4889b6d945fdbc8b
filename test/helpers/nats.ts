/** NATS for tests: a unique stream and subject prefix per test, deleted afterwards; and a private nats-server. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export function uniqueStream(): { stream: string; subjectPrefix: string } {
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  return { stream: `TEST_${suffix}`, subjectPrefix: `test_${suffix}` };
}

export async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The nats-server binary; the NATS suite fails (never skips) when it is missing. */
export function natsServerBinary(): string {
  for (const candidate of ['nats-server', '/usr/sbin/nats-server', '/usr/bin/nats-server']) {
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  throw new Error('nats-server is not installed (apt-get install nats-server): the NATS suite needs it');
}

export interface PrivateNats {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a JetStream-enabled nats-server of our own on `port`. */
export async function startNatsServer(port: number): Promise<PrivateNats> {
  const storeDir = mkdtempSync(join(tmpdir(), 'civitas-nats-'));
  const child: ChildProcess = spawn(
    natsServerBinary(),
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    {
      stdio: 'ignore',
    },
  );
  const url = `nats://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const nc = await connect({ servers: url, maxReconnectAttempts: 0 });
      await nc.close();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
