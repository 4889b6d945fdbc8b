#!/usr/bin/env node
// `npm start` runs this first: it builds the web app when web/dist is missing or older than its sources, and
// otherwise returns at once (a few file dates compared). Without the build tools (an install without
// devDependencies) it says so and lets the server start: / then explains how to build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = import.meta.dirname;
const root = join(web, '..');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const built = existsSync(join(web, 'dist', 'index.html')) ? statSync(join(web, 'dist', 'index.html')).mtimeMs : 0;
const sources = Math.max(
  ...['src', 'sw', 'public', 'build', 'index.html', 'build.ts', 'vite.config.ts'].map((name) =>
    newest(join(web, name)),
  ),
);
if (built >= sources) process.exit(0);

if (!existsSync(join(root, 'node_modules', 'vite')) || !existsSync(join(root, 'node_modules', 'tsx'))) {
  console.warn('The web app is not built and Vite is not installed (npm ci without devDependencies?): the server');
  console.warn('starts without it. Build it where the devDependencies are installed: npm run build:web');
  process.exit(0);
}
console.log(
  built ? 'The web app changed: building it (npm run build:web)…' : 'Building the web app (npm run build:web)…',
);
const result = spawnSync(process.execPath, ['--import', 'tsx', join(web, 'build.ts')], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
