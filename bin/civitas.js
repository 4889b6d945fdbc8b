#!/usr/bin/env node
// The `civitas` command. It runs dist/civitas.mjs, a bundle of src/ that it rebuilds (esbuild, under a second)
// whenever a source file is newer, so `npx civitas` works right after `npm ci`, always runs the current sources, and
// starts faster than compiling TypeScript on every start. If the bundle cannot be built it runs the sources via tsx.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// Embedded PGlite is PostgreSQL compiled to WebAssembly. By default V8 recompiles all of it with its optimising
// compiler in the background, which on a small machine competes with start-up for the CPU: the first queries run
// seven times slower. Baseline code only starts ~30% faster and costs ~5% in throughput (docs/benchmarks.md).
setFlagsFromString('--liftoff-only');

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
    const inputs = [
      newestSource(`${root}src`),
      statSync(`${root}package.json`).mtimeMs,
      statSync(fileURLToPath(import.meta.url)).mtimeMs,
    ];
    return inputs.every((mtime) => built >= mtime);
  } catch {
    return false;
  }
}

function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return bundled.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

async function rebuild() {
  const { build } = await import('esbuild');
  // Several processes may start at once (tests, a lab): each builds in its own folder and the renames are atomic.
  const folder = `${root}dist/.build-${process.pid}`;
  const temporary = `${folder}/civitas.mjs`;
  await build({
    entryPoints: [`${root}src/cli/main.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules, except the pure-ESM ones whose many small files cost most to load.
    plugins: [externalExcept(['kysely', 'zod', 'fastify-type-provider-zod', 'jose'])],
    // Linked, not inline: run with NODE_OPTIONS=--enable-source-maps to see TypeScript lines in stack traces.
    sourcemap: 'linked',
    outfile: temporary,
    logLevel: 'warning',
  });
  renameSync(`${temporary}.map`, `${bundle}.map`);
  renameSync(temporary, bundle);
  rmSync(folder, { recursive: true, force: true });
}

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
