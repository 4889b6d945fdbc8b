/**
 * A freshly initialised PGlite data directory, made once per machine and PGlite version and copied for each test.
 *
 * Why: PGlite runs initdb whenever it opens an empty data directory, 3–5 s on a CI machine's core, and the suite opens
 * hundreds of databases. Copying an initialised directory and opening it takes about 0.6 s. The copy is the very
 * state initdb leaves (no schema, no migration), so a test cannot tell it from a fresh database.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The installed PGlite's version (its package.json is not exported: found from its entry point). */
function installedPGliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
      if (name === '@electric-sql/pglite') return version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the installed PGlite version');
    dir = parent;
  }
}

/** Where the template lives: shared by every worker and every run of this PGlite version. */
const TEMPLATE = join(tmpdir(), `civitas-pglite-template-${installedPGliteVersion()}`);
const DATA_DIR = join(TEMPLATE, 'pglite');
const IMAGE = join(TEMPLATE, 'image.tar');

let ready: Promise<void> | undefined;

/** Makes the template if this machine has none yet; several workers may race, the first rename wins. */
function ensureTemplate(): Promise<void> {
  ready ??= (async () => {
    if (existsSync(IMAGE)) return;
    const { PGlite } = await import('@electric-sql/pglite');
    const scratch = mkdtempSync(`${TEMPLATE}.making-`);
    try {
      const pglite = await PGlite.create(join(scratch, 'pglite'));
      const image = await pglite.dumpDataDir('none');
      await pglite.close();
      // Written last: its presence says the directory beside it is complete.
      writeFileSync(join(scratch, 'image.tar'), Buffer.from(await image.arrayBuffer()));
      try {
        renameSync(scratch, TEMPLATE);
      } catch (error) {
        // Another worker renamed its template into place first: theirs is as good as ours.
        if (!existsSync(IMAGE)) throw error;
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  })();
  return ready;
}

/** Fills `dataDir/pglite` (where Civitas keeps PGlite's files) with a freshly initialised database. */
export async function copyPGliteTemplate(dataDir: string): Promise<void> {
  await ensureTemplate();
  mkdirSync(dataDir, { recursive: true });
  cpSync(DATA_DIR, join(dataDir, 'pglite'), { recursive: true });
}

/** The template as a data directory image, for a database held in memory. */
export async function pgliteTemplateImage(): Promise<Blob> {
  await ensureTemplate();
  return new Blob([readFileSync(IMAGE)]);
}
