/**
 * The tests run the web app as it ships: built into web/dist. It is built when missing or older than its sources;
 * a lock folder keeps two test files (run side by side) from building at once.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildWeb } from '../../web/build.js';

const WEB = fileURLToPath(new URL('../../web', import.meta.url));
const LOCK = join(WEB, '.build-lock');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function isFresh(): boolean {
  const index = join(WEB, 'dist', 'index.html');
  if (!existsSync(index)) return false;
  const sources = ['src', 'sw', 'public', 'build', 'index.html', 'build.ts', 'vite.config.ts'];
  return statSync(index).mtimeMs >= Math.max(...sources.map((name) => newest(join(WEB, name))));
}

export async function ensureWebBuilt(timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isFresh()) {
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test file builds: wait for it (a lock older than the timeout is a crashed build's).
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > timeoutMs) rmdirSync(LOCK);
      if (Date.now() > deadline) throw new Error('the web app did not get built in time');
      await sleep(250);
      continue;
    }
    try {
      if (!isFresh()) await buildWeb({ quiet: true });
    } finally {
      rmdirSync(LOCK);
    }
  }
}
