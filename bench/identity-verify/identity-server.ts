/** `civitas serve` for the run, as its own process: the identity service on the run's database. */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CleanupRegistry } from '../lib.js';
import { startServer, stopServer } from '../server.js';

/**
 * Development mode so that the demo users exist (n.admin registers the partners); the rate limits are raised so
 * that they measure nothing.
 */
export async function startIdentityServer(
  props: { databaseUrl: string; poolSize: number; port: number },
  cleanup: CleanupRegistry,
): Promise<ChildProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civitas-bench-idverify-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startServer(
    {
      CIVITAS_ENV: 'development',
      CIVITAS_SERVICES: 'config,auth,identity',
      CIVITAS_DATA_DIR: dataDir,
      DATABASE_URL: props.databaseUrl,
      CIVITAS_DATABASE_POOL_SIZE: String(props.poolSize),
      CIVITAS_AUTH_DEVELOPMENT_CODE: '000000',
      CIVITAS_AUTH_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '100000',
      CIVITAS_IDENTITY_PARTNER_RATE_PER_MINUTE: '10000000',
      CIVITAS_IDENTITY_POOL_SIZE: '1000',
      CIVITAS_IDENTITY_POOL_REFILL_BELOW: '100',
      LOG_LEVEL: 'warn',
    },
    props.port,
  );
  cleanup.add(() => stopServer(server));
  return server;
}

export function apiBase(port: number): string {
  return `http://127.0.0.1:${port}/api/v1`;
}
