/**
 * The bundle: bin/civitas.js rebuilds dist/civitas.mjs when a source is newer. Other people edit src/ while the
 * benchmark runs, so freshness is checked before every start and a rebuild happens outside the measured time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib.js';

export const BIN = join(ROOT, 'bin', 'civitas.js');
export const BUNDLE = join(ROOT, 'dist', 'civitas.mjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function bundleIsFresh(): boolean {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    return built >= newestSource(join(ROOT, 'src')) && built >= statSync(join(ROOT, 'package.json')).mtimeMs;
  } catch {
    return false;
  }
}

/** Runs `civitas --help` (which rebuilds a stale bundle) until the bundle is fresh; returns the ms it took. */
export function ensureBundle(): { rebuilt: boolean; ms: number } {
  const rebuilt = !bundleIsFresh();
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`civitas --help failed:\n${result.stdout}\n${result.stderr}`);
  if (!bundleIsFresh()) throw new Error('dist/civitas.mjs is still older than src/ after a build');
  return { rebuilt, ms: performance.now() - started };
}
