/** Gzip and brotli copies beside each text file of the build, at the highest levels: done once, served often. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(html|js|mjs|css|json|webmanifest|svg|txt)$/;

export interface Sizes {
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

export function compressBuild(dir: string, files: readonly string[]): Map<string, Sizes> {
  const sizes = new Map<string, Sizes>();
  for (const file of files) {
    const body = readFileSync(join(dir, file));
    if (!TEXT.test(file) || body.length < 512) {
      sizes.set(file, { raw: body.length, gzip: body.length, brotli: body.length });
      continue;
    }
    const gzip = gzipSync(body, { level: 9 });
    const brotli = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    writeFileSync(join(dir, `${file}.gz`), gzip);
    writeFileSync(join(dir, `${file}.br`), brotli);
    sizes.set(file, { raw: body.length, gzip: gzip.length, brotli: brotli.length });
  }
  return sizes;
}
