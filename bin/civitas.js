#!/usr/bin/env node
// The `civitas` command. It runs dist/civitas.mjs (and the chunks in dist/chunks), a bundle of src/ that it rebuilds (esbuild, under a second)
// whenever a source file is newer, so `npx civitas` works right after `npm ci`, always runs the current sources, and
// starts faster than compiling TypeScript on every start. If the bundle cannot be built it runs the sources via tsx.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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
  // Several processes may start at once (tests, a lab): each builds in its own folder. Chunks are named by their
  // content, so they are moved in beside any others first; the entry is renamed in last, atomically, and only then
  // points at them.
  const folder = `${root}dist/.build-${process.pid}`;
  await build({
    entryPoints: { civitas: `${root}src/cli/main.ts` },
    bundle: true,
    // Each command's modules in chunks of their own (src/cli/main.ts imports them when asked for).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules, except the pure-ESM ones whose many small files cost most to load.
    plugins: [externalExcept(['kysely', 'zod', 'fastify-type-provider-zod', 'jose'])],
    // Linked, not inline: run with NODE_OPTIONS=--enable-source-maps to see TypeScript lines in stack traces.
    sourcemap: 'linked',
    outdir: folder,
    logLevel: 'warning',
  });
  mkdirSync(`${root}dist/chunks`, { recursive: true });
  for (const name of readdirSync(`${folder}/chunks`))
    renameSync(`${folder}/chunks/${name}`, `${root}dist/chunks/${name}`);
  renameSync(`${folder}/civitas.mjs.map`, `${bundle}.map`);
  renameSync(`${folder}/civitas.mjs`, bundle);
  rmSync(folder, { recursive: true, force: true });
  pruneChunks();
}

/** Chunks of earlier builds that the entry no longer reaches, once old enough that no process can still load them. */
function pruneChunks() {
  const reached = new Set();
  const queue = [bundle];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [, name] of text.matchAll(/["']\.\/(?:chunks\/)?([\w-]+\.mjs)["']/g)) {
      if (reached.has(name)) continue;
      reached.add(name);
      queue.push(`${root}dist/chunks/${name}`);
    }
  }
  const hour = 60 * 60 * 1000;
  for (const name of readdirSync(`${root}dist/chunks`)) {
    if (reached.has(name.replace(/\.map$/, ''))) continue;
    const file = `${root}dist/chunks/${name}`;
    try {
      if (Date.now() - statSync(file).mtimeMs > hour) rmSync(file, { force: true });
    } catch {
      // Another process pruned it first.
    }
  }
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
