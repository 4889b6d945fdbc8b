/**
 * The built web app (web/dist) held in memory: every file with its gzip and brotli forms (written beside it by
 * `npm run build:web`, or made here when absent), an ETag and its caching rule. The whole build is a few hundred
 * kilobytes, so serving from memory costs little and spares a disk read per request.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { contentTypeOf, isCompressible } from './content-types.js';

export interface WebFile {
  /** The URL path, e.g. `/assets/index-4f2a9c.js`. */
  readonly path: string;
  readonly type: string;
  readonly cacheControl: string;
  readonly identity: Encoded;
  readonly gzip?: Encoded;
  readonly brotli?: Encoded;
}

export interface Encoded {
  readonly body: Buffer;
  readonly etag: string;
}

/** Vite names what it builds under /assets/ after a hash of the content: a new build means a new name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page, the service worker and the manifest must be checked on every load, or an update never arrives. */
export const REVALIDATE = 'no-cache';
const DAY = 'public, max-age=86400';
const ALWAYS_REVALIDATE = new Set(['/index.html', '/sw.js', '/manifest.webmanifest', '/settings.json']);
/** Smaller files gain nothing from compression but the cost of decoding. */
const COMPRESS_FROM_BYTES = 512;

export function cacheControlOf(path: string): string {
  if (path.startsWith('/assets/')) return IMMUTABLE;
  return ALWAYS_REVALIDATE.has(path) ? REVALIDATE : DAY;
}

/** Every file of the build by URL path; undefined when the folder has no index.html (not built). */
export function loadWebFiles(dir: string): ReadonlyMap<string, WebFile> | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, WebFile>();
  for (const file of walk(dir)) {
    // The compressed forms are read with the file they belong to.
    if (file.endsWith('.gz') || file.endsWith('.br')) continue;
    const path = `/${relative(dir, file).split(sep).join('/')}`;
    const body = readFileSync(file);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    const compress = isCompressible(path) && body.length >= COMPRESS_FROM_BYTES;
    files.set(path, {
      path,
      type: contentTypeOf(path),
      cacheControl: cacheControlOf(path),
      identity: { body, etag: `"${hash}"` },
      ...(compress
        ? {
            gzip: { body: precompressed(file, '.gz') ?? gzipSync(body, { level: 9 }), etag: `"${hash}-gz"` },
            brotli: {
              body:
                precompressed(file, '.br') ??
                brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
              etag: `"${hash}-br"`,
            },
          }
        : {}),
    });
  }
  return files;
}

/** The build's own compressed copy, when it is not older than the file (a stale copy would serve old code). */
function precompressed(file: string, suffix: string): Buffer | undefined {
  const compressed = `${file}${suffix}`;
  if (!existsSync(compressed) || statSync(compressed).mtimeMs < statSync(file).mtimeMs) return undefined;
  return readFileSync(compressed);
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
