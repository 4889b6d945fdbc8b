/**
 * `civitas backup --out <file> [--services a,b]` and `civitas restore <file> [--force]`: a consistent logical backup
 * of the service schemas and the document files, from PGlite or PostgreSQL, restored into either (docs/backup.md).
 */
import { existsSync } from 'node:fs';
import { SERVICE_NAMES, type ServiceName } from '../config/schema.js';
import { dumpDatabase, type DumpSummary } from '../core/backup/dump.js';
import type { FileSet } from '../core/backup/files.js';
import {
  checkBackupFile,
  restoreDatabase,
  restorePlans,
  TargetNotEmptyError,
  type ExistingSchema,
} from '../core/backup/restore.js';
import { openDatabase } from '../core/db/open.js';
import { VERSION } from '../version.js';
import { documentsFolder } from '../services/documents/document-store.js';
import { loadServices } from '../services/index.js';
import { UsageError } from './args.js';
import { configFromFlags } from './load-config.js';
import { ProgressBar } from './progress-bar.js';
import type { Config } from '../config/schema.js';

export async function backupCommand(flags: Record<string, string>): Promise<void> {
  const out = flags.out;
  if (!out || out === 'true') throw new UsageError('civitas backup needs --out <file>: where to write the backup');
  if (existsSync(out))
    throw new UsageError(`${out} already exists: give the backup a new name (or remove the old file)`);
  if (existsSync(`${out}.partial`)) {
    throw new UsageError(`${out}.partial exists: a backup to ${out} is running, or one was cut off (remove it then)`);
  }
  const services = serviceList(flags.services);
  const config = configFromFlags(flags, ['out', 'services']);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const progress = new ProgressBar('backup');
    const summary = await dumpDatabase(database, {
      out,
      schemas: services,
      civitasVersion: VERSION,
      bus: config.nats.url ? 'nats' : 'local',
      fileSets: fileSetsOf(config, services),
      onProgress: ({ step, done, total }) => progress.show(step, done, total),
    });
    progress.done();
    console.log(describeBackup(out, summary, config, services));
    const documents = summary.tableRows['documents.documents'] ?? 0;
    if (services.includes('documents') && documents > summary.files) {
      console.error(
        `backup: warning: documents.documents lists ${documents} documents but ${documentsFolder(config)} holds ${summary.files} files: ` +
          'run the backup where documents.folder is (or back that folder up yourself)',
      );
    }
  } finally {
    await database.close();
  }
}

export async function restoreCommand(words: readonly string[], flags: Record<string, string>): Promise<void> {
  const [file, ...extra] = words;
  if (!file || extra.length > 0) throw new UsageError('usage: civitas restore <file> [--force]');
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  const config = configFromFlags(flags, ['force']);
  const force = flags.force !== undefined && flags.force !== 'false';
  const started = performance.now();
  const plans = (await loadServices([...SERVICE_NAMES])).map((service) => ({
    schema: service.name,
    migrations: service.migrations,
  }));
  const progress = new ProgressBar('restore');
  // The file is checked, and checked restorable, before the database is even opened: a bad file changes nothing.
  const checked = await checkBackupFile(file, ({ step, done, total }) => progress.show(step, done, total)).finally(() =>
    progress.done(),
  );
  restorePlans(checked.header, plans);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const summary = await restoreDatabase(database, {
      file,
      plans,
      force,
      checked,
      fileSets: fileSetsOf(config, [...SERVICE_NAMES]),
      onReplace: (existing) => console.error(describeReplaced(existing)),
      onProgress: ({ step, done, total }) => progress.show(step, done, total),
    }).catch((error: unknown) => {
      progress.done();
      throw error instanceof TargetNotEmptyError ? new UsageError(`civitas restore: ${error.message}`) : error;
    });
    progress.done();
    const { header } = summary;
    const files = summary.files > 0 ? `, ${summary.files} document files (${megabytes(summary.fileBytes)})` : '';
    console.log(
      `restore: ${file} (Civitas ${header.civitas}, ${header.source}, taken ${header.createdAt}): ` +
        `${header.schemas.length} schemas, ${summary.tables} tables, ${summary.rows} rows${files} in ${((performance.now() - started) / 1000).toFixed(1)} s; row counts match the backup`,
    );
    if (summary.migrated.length > 0) console.log(`restore: then migrated ${summary.migrated.join(', ')}`);
    if (summary.republished > 0) {
      console.log(
        `restore: the backup was taken with NATS: its ${summary.republished} events will be sent again when Civitas starts (consumers skip those they had)`,
      );
    }
  } finally {
    await database.close();
  }
}

/** `--services a,b` or `all`; every service when not given. */
function serviceList(value: string | undefined): ServiceName[] {
  if (value === undefined || value === 'all') return [...SERVICE_NAMES];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SERVICE_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `unknown service ${unknown.join(', ') || '(none)'}. Services: ${SERVICE_NAMES.join(', ')}; or all`,
    );
  }
  return names as ServiceName[];
}

/** Document files live outside the database (documents.folder): the backup carries them when documents is backed up. */
function fileSetsOf(config: Config, services: readonly ServiceName[]): FileSet[] {
  return services.includes('documents') ? [{ name: 'documents', folder: documentsFolder(config) }] : [];
}

function describeBackup(out: string, summary: DumpSummary, config: Config, services: readonly ServiceName[]): string {
  const lines = [
    `backup: ${out}: ${summary.schemas.length} schemas (${summary.schemas.join(', ')}), ${summary.tables} tables, ` +
      `${summary.rows} rows, ${megabytes(summary.bytes)} in ${summary.seconds.toFixed(1)} s`,
  ];
  if (services.includes('documents')) {
    lines.push(
      `backup: ${summary.files} document files (${megabytes(summary.fileBytes)}) from ${documentsFolder(config)} are in the backup`,
    );
  }
  return lines.join('\n');
}

function describeReplaced(existing: readonly ExistingSchema[]): string {
  const replaced = existing.filter((schema) => schema.replaced);
  const kept = existing.filter((schema) => !schema.replaced);
  const list = (schemas: readonly ExistingSchema[]) =>
    schemas.map((schema) => `${schema.schema} (${schema.rows} rows in ${schema.tables} tables)`).join(', ');
  return [
    `restore --force: replacing every row of ${list(replaced) || 'no schema'}`,
    ...(kept.length > 0 ? [`restore --force: keeping ${list(kept)} (not in the backup)`] : []),
  ].join('\n');
}

function megabytes(bytes: number): string {
  return bytes < 1_048_576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
