#!/usr/bin/env node
// The `civitas` command. It runs dist/civitas.mjs, a bundle of src/ that it rebuilds (esbuild, under a second)
// whenever a source file is newer, so `npx civitas` works right after `npm ci`, always runs the current sources, and
// starts faster than compiling TypeScript on every start. If the bundle cannot be built it runs the sources via tsx.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/civitas.mjs`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    return built >= newestSource(`${root}src`) && built >= statSync(`${root}package.json`).mtimeMs;
  } catch {
    return false;
  }
}

async function rebuild() {
  const { build } = await import('esbuild');
  mkdirSync(`${root}dist`, { recursive: true });
  // Several processes may start at once (tests, a lab): each builds its own file and the rename is atomic.
  const temporary = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [`${root}src/cli/main.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    outfile: temporary,
    logLevel: 'warning',
  });
  renameSync(temporary, bundle);
}

process.setSourceMapsEnabled(true);
if (process.env.CIVITAS_RUN_SOURCES === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  if (!isFresh()) {
    try {
      await rebuild();
    } catch (error) {
      console.error(`civitas: cannot bundle the sources (${error.message}); running them through tsx`);
      const { register } = await import('tsx/esm/api');
      register();
      await import('../src/cli/main.ts');
      process.exitCode ??= 0;
    }
  }
  if (isFresh()) await import(bundle);
}
