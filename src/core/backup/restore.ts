/**
 * Restores a backup into an empty database (or, when forced, over the schemas it holds):
 *
 * 1. the whole file is read once and checked (shape, row counts, checksum): a truncated or damaged file stops here
 *    and nothing is changed;
 * 2. each schema is migrated up to the migrations the backup was taken at (the program's own migrations), so the
 *    tables have the backup's shape; a backup with migrations this program does not know is refused;
 * 3. one transaction empties the tables (migrations may have seeded some), loads every row, puts back foreign keys
 *    and sequences, and compares row counts with the backup before it commits: all or nothing;
 * 4. migrations newer than the backup then run, as they would on an older database.
 *
 * A backup taken where events went through NATS has every event of its outboxes sent again (`BackupHeader.bus`).
 *
 * The load itself (step 3) is `load.ts`.
 */
import { migrate, type MigrationPlan } from '../db/migrate.js';
import type { Database, RootDb } from '../db/open.js';
import { appliedMigrations, civitasSchemas, countRows, tablesOf } from './catalog.js';
import type { FileSet } from './files.js';
import type { BackupEnd, BackupHeader } from './format.js';
import { loadRows, type LoadOptions } from './load.js';
import { walkBackup } from './walk.js';

export interface RestoreOptions extends LoadOptions {
  /** Every schema this program knows, with all its migrations (also what decides whether the target is empty). */
  readonly plans: readonly MigrationPlan[];
  /** Where each file set of the backup goes; a set the backup holds and this does not name is refused. */
  readonly fileSets?: readonly FileSet[];
  /** Restore over the Civitas schemas the database holds; without it a database that holds any is refused. */
  readonly force?: boolean;
  /** Told what is about to be replaced (with `force`), before anything changes. */
  readonly onReplace?: (existing: readonly ExistingSchema[]) => void;
  /** What `checkBackupFile` found, when the caller checked the file already (before opening the database). */
  readonly checked?: CheckedBackup;
}

export interface CheckedBackup {
  readonly header: BackupHeader;
  readonly end: BackupEnd;
}

export interface ExistingSchema {
  readonly schema: string;
  readonly tables: number;
  readonly rows: number;
  /** Whether the backup replaces it (false: the backup does not hold it, it is kept as it is). */
  readonly replaced: boolean;
}

export interface RestoreSummary {
  readonly header: BackupHeader;
  readonly tables: number;
  readonly rows: number;
  readonly files: number;
  readonly fileBytes: number;
  /** Migrations newer than the backup, applied after the load. */
  readonly migrated: readonly string[];
  /** Events marked to be sent again (a backup taken with NATS, see `BackupHeader.bus`). */
  readonly republished: number;
  readonly seconds: number;
}

/** The restore cannot be done by this program (a newer backup, say); nothing was changed. */
export class RestoreRefusedError extends Error {}

/** The database already holds Civitas data and the restore was not forced; nothing was changed. */
export class TargetNotEmptyError extends RestoreRefusedError {}

export async function restoreDatabase(database: Database, options: RestoreOptions): Promise<RestoreSummary> {
  const started = performance.now();
  const { header, end } = options.checked ?? (await checkBackupFile(options.file, options.onProgress));
  const plans = restorePlans(header, options.plans);
  const fileSets = foldersFor(header, options.fileSets ?? []);
  await checkTarget(database.root, header, options);

  await migrate(database.root, plans.atBackup);
  let loaded = { rows: 0, files: 0, fileBytes: 0, republished: 0 };
  await database.root.transaction().execute(async (tx) => {
    loaded = await loadRows(tx, header, end.files, fileSets, options);
  });
  const outcomes = await migrate(database.root, plans.latest);
  return {
    header,
    tables: header.tables.length,
    ...loaded,
    migrated: outcomes.flatMap((outcome) => outcome.applied.map((name) => `${outcome.schema}/${name}`)),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Reads the whole file once and checks it, before anything is changed. */
export async function checkBackupFile(file: string, onProgress?: RestoreOptions['onProgress']): Promise<CheckedBackup> {
  let total = 0;
  let checked = 0;
  return walkBackup(file, {
    header: (header) => {
      total = header.tables.reduce((sum, table) => sum + table.rows, 0);
    },
    row: () => {
      checked += 1;
      if (checked % 5000 === 0 || checked === total) onProgress?.({ step: 'check', done: checked, total });
    },
  });
}

/**
 * For each schema of the backup, its migrations up to the backup's (to load into) and all of them (to finish). Throws
 * `RestoreRefusedError` for a backup this program cannot restore: a schema or a migration it does not know.
 */
export function restorePlans(
  header: BackupHeader,
  known: readonly MigrationPlan[],
): { atBackup: MigrationPlan[]; latest: MigrationPlan[] } {
  const atBackup: MigrationPlan[] = [];
  const latest: MigrationPlan[] = [];
  for (const schema of header.schemas) {
    const plan = known.find((candidate) => candidate.schema === schema.name);
    if (!plan) {
      throw new RestoreRefusedError(
        `the backup holds schema ${schema.name}, which this Civitas does not know: restore it with the Civitas ${header.civitas} that wrote it, or a newer one`,
      );
    }
    const names = new Set(plan.migrations.map((migration) => migration.name));
    const unknown = schema.migrations.filter((name) => !names.has(name));
    if (unknown.length > 0) {
      throw new RestoreRefusedError(
        `the backup was taken by a newer Civitas (${header.civitas}): schema ${schema.name} has migrations this version does not know (${unknown.join(', ')}); restore it with Civitas ${header.civitas} or newer`,
      );
    }
    const taken = new Set(schema.migrations);
    atBackup.push({
      schema: schema.name,
      migrations: plan.migrations.filter((migration) => taken.has(migration.name)),
    });
    latest.push(plan);
  }
  return { atBackup, latest };
}

function foldersFor(header: BackupHeader, given: readonly FileSet[]): Map<string, string> {
  const folders = new Map<string, string>();
  for (const { name } of header.fileSets) {
    const set = given.find((candidate) => candidate.name === name);
    if (!set) throw new RestoreRefusedError(`the backup holds ${name} files, and no folder is configured for them`);
    folders.set(name, set.folder);
  }
  return folders;
}

/** Refuses a database that holds Civitas schemas unless forced, and one whose schemas are newer than the backup's. */
async function checkTarget(root: RootDb, header: BackupHeader, options: RestoreOptions): Promise<void> {
  const present = await civitasSchemas(
    root,
    options.plans.map((plan) => plan.schema),
  );
  if (present.length === 0) return;
  const inBackup = new Map(header.schemas.map((schema) => [schema.name, schema.migrations]));
  const tables = await tablesOf(root, present);
  const counts = await countRows(root, tables);
  const existing = present.map((schema): ExistingSchema => {
    const mine = tables.flatMap((table, index) => (table.schema === schema ? [counts[index]!] : []));
    return { schema, tables: mine.length, rows: mine.reduce((a, b) => a + b, 0), replaced: inBackup.has(schema) };
  });
  if (!options.force) {
    const list = existing.map((schema) => `${schema.schema} (${schema.rows} rows in ${schema.tables} tables)`);
    throw new TargetNotEmptyError(
      `the database already holds Civitas data: ${list.join(', ')}. Restore into an empty database, or add --force to replace the schemas the backup holds`,
    );
  }
  for (const schema of present) {
    const backup = inBackup.get(schema);
    if (!backup) continue;
    const newer = (await appliedMigrations(root, schema)).filter((name) => !backup.includes(name));
    if (newer.length > 0) {
      throw new RestoreRefusedError(
        `schema ${schema} in the database has migrations the backup was not taken at (${newer.join(', ')}): restore into an empty database`,
      );
    }
  }
  options.onReplace?.(existing);
}
