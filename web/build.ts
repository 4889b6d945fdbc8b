/**
 * `npm run build:web`: the web app into web/dist, ready for the gateway to serve.
 *
 * 1. Vite builds the app (hashed file names under assets/) into a fresh folder beside dist.
 * 2. The PNG icons are drawn.
 * 3. The service worker is compiled with the list of files to cache and a build id (both from the files' contents).
 * 4. Each text file gets gzip and brotli copies.
 * 5. The new folder replaces dist in two renames, so a running server never serves half a build.
 *
 * Prints the size of the first load (what a first visit downloads before the sign-in page shows).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { compressBuild } from './build/compress.js';
import { buildFiles, firstLoadFiles } from './build/files.js';
import { writeIcons } from './build/icons.js';

const WEB = import.meta.dirname;
const DIST = join(WEB, 'dist');

export async function buildWeb(options: { quiet?: boolean } = {}): Promise<{ firstLoadGzip: number }> {
  const started = Date.now();
  const out = join(WEB, `.dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  // Vite takes a production build's flags (React's production build, import.meta.env.PROD) from NODE_ENV, which a
  // test runner sets to "test".
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite({
      mode: 'production',
      configFile: join(WEB, 'vite.config.ts'),
      build: { outDir: out, emptyOutDir: true },
      logLevel: options.quiet ? 'error' : 'warn',
    });
    writeIcons(out);
    const files = buildFiles(out);
    const id = createHash('sha256');
    for (const file of files) id.update(file).update(readFileSync(join(out, file)));
    await esbuild({
      entryPoints: [join(WEB, 'sw', 'service-worker.ts')],
      outfile: join(out, 'sw.js'),
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2022',
      define: {
        __PRECACHE__: JSON.stringify(files.filter((file) => !file.startsWith('/.'))),
        __BUILD__: JSON.stringify(id.digest('hex').slice(0, 12)),
      },
      logLevel: 'warning',
    });
    const sizes = compressBuild(out, buildFiles(out));
    const firstLoad = firstLoadFiles(out);
    const firstLoadGzip = firstLoad.reduce((sum, file) => sum + (sizes.get(file)?.gzip ?? 0), 0);
    replaceDist(out);
    if (!options.quiet) {
      const total = (pick: 'raw' | 'gzip' | 'brotli') => [...sizes.values()].reduce((sum, size) => sum + size[pick], 0);
      console.log(
        `web/dist built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${sizes.size} files, ` +
          `${kb(total('raw'))} (${kb(total('gzip'))} gzip); first load ${firstLoad.length} files, ` +
          `${kb(firstLoadGzip)} gzip`,
      );
    }
    return { firstLoadGzip };
  } finally {
    process.env.NODE_ENV = nodeEnv;
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    rmSync(out, { recursive: true, force: true });
  }
}

function replaceDist(out: string): void {
  const old = join(WEB, `.dist-old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(out, DIST);
  rmSync(old, { recursive: true, force: true });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  buildWeb().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
