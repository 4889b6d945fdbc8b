/** One start of the real command: spawn, poll GET /health/ready until it answers 200, then SIGTERM → exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { epochNow, ROOT, type CleanupRegistry } from '../lib.js';
import { BIN, bundleIsFresh, ensureBundle } from './bundle.js';

export const POLL_MS = 10;
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function getStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export interface StartOptions {
  readonly dataDir: string;
  readonly env?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
}

export interface StartResult {
  /** spawn → first 200 from /health/ready */
  readonly readyMs: number;
  /** SIGTERM → process exit */
  readonly stopMs: number;
  readonly exit: number | string;
  readonly polls: number;
  /** Epoch ms of the spawn and of the first 200, to line up with the child's own clock. */
  readonly spawnedAt: number;
  readonly readyAt: number;
  readonly migrated: boolean;
  readonly seeded: boolean;
  readonly output: string;
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A clean environment, as an operator's shell would have: no CIVITAS_* or DATABASE_URL from ours.
  return { PATH: process.env.PATH, HOME: process.env.HOME, CIVITAS_ENV: 'development', ...extra };
}

/** A start that ended by a signal this script did not send (others share the machine). */
class KilledFromOutside extends Error {}

/**
 * Starts civitas, with `nodeArgs` before every start's own node options; counts what happened between starts. Its
 * children are killed by `cleanup` if the benchmark ends while one runs.
 */
export class Starter {
  readonly #nodeArgs: readonly string[];
  readonly #children = new Set<ChildProcess>();
  #rebuildsDuringRun = 0;
  #retriedStarts = 0;

  constructor(nodeArgs: readonly string[], cleanup: CleanupRegistry) {
    this.#nodeArgs = nodeArgs;
    cleanup.add(() => {
      for (const child of this.#children) child.kill('SIGKILL');
    });
  }

  /** Times the bundle was rebuilt before a start because src/ changed (not measured). */
  get rebuildsDuringRun(): number {
    return this.#rebuildsDuringRun;
  }

  /** Starts killed by a signal from outside and repeated. */
  get retriedStarts(): number {
    return this.#retriedStarts;
  }

  /** One start; a start killed by a signal we did not send is retried (twice at most) and counted. */
  async start(start: StartOptions): Promise<StartResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#attempt(start);
      } catch (error) {
        if (!(error instanceof KilledFromOutside) || attempt >= 3) throw error;
        this.#retriedStarts += 1;
        console.error(`  (${error.message}; retrying)`);
      }
    }
  }

  async #attempt(start: StartOptions): Promise<StartResult> {
    if (!bundleIsFresh()) {
      ensureBundle();
      this.#rebuildsDuringRun += 1;
    }
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/health/ready`;
    const args = [
      ...this.#nodeArgs,
      ...(start.nodeArgs ?? []),
      BIN,
      'serve',
      '--services',
      'all',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data-dir',
      start.dataDir,
    ];
    const spawnedAt = epochNow();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: childEnv(start.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#children.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let exitedAt: number | undefined;
    const exited = new Promise<number | string>((resolve) =>
      child.on('exit', (code, signal) => {
        exitedAt = epochNow();
        this.#children.delete(child);
        resolve(code ?? signal ?? -1);
      }),
    );

    let polls = 0;
    let readyAt: number | undefined;
    try {
      for (let next = spawnedAt; ;) {
        if (exitedAt !== undefined) {
          const code = await exited;
          if (typeof code === 'string')
            throw new KilledFromOutside(`civitas was killed by ${code} before it was ready`);
          throw new Error(`civitas exited (${code}) before it was ready:\n${output}`);
        }
        if (epochNow() - spawnedAt > READY_TIMEOUT_MS)
          throw new Error(`not ready after ${READY_TIMEOUT_MS} ms:\n${output}`);
        polls += 1;
        if ((await getStatus(url)) === 200) {
          readyAt = epochNow();
          break;
        }
        next += POLL_MS;
        const wait = next - epochNow();
        if (wait > 0) await sleep(wait);
        else next = epochNow();
      }
    } catch (error) {
      child.kill('SIGKILL');
      await exited;
      throw error;
    }

    const termAt = epochNow();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const exit = await exited;
    clearTimeout(killer);
    return {
      readyMs: readyAt - spawnedAt,
      stopMs: exitedAt! - termAt,
      exit,
      polls,
      spawnedAt,
      readyAt,
      migrated: output.includes('"msg":"migrated"'),
      seeded: output.includes('seeded the country configuration'),
      output,
    };
  }
}
