/** `civitas config check | docs | import <folder>` */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config/schema.js';
import { maskSecrets } from '../config/mask.js';
import { migrate, type MigrationPlan } from '../core/db/migrate.js';
import { openDatabase, type Database } from '../core/db/open.js';
import {
  authDb,
  importRoles,
  importStaff,
  listRoles,
  officeCodesInFolder,
  parseRolesCsv,
  parseStaffCsv,
  rolesInForce,
  type RoleCounts,
  type RoleDefinition,
  type StaffCounts,
} from '../services/auth/api.js';
import {
  CountryImportError,
  configDb,
  importCountryFolder,
  type ImportCounts,
  type PublishCounts,
} from '../services/config/api.js';
import { loadServices } from '../services/index.js';
import { UsageError } from './args.js';
import { configFromFlags } from './load-config.js';

export async function configCheck(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags);
  console.log(JSON.stringify(maskSecrets(config), null, 2));
  if (config.services.length === 0) {
    console.log(
      '\nNote: no services are named; `civitas serve` needs --services, CIVITAS_SERVICES or services: in a file.',
    );
  }
}

/**
 * Imports a country folder: areas.csv, offices.csv and facilities.csv when there are, the event types of its events/
 * folder, its roles from roles.csv and its staff from users.csv when there are. Every problem of every file is
 * reported before anything is written, and all files commit together or not at all. New staff are invited to choose a
 * password, except in development mode.
 */
export async function configImport(words: string[], flags: Record<string, string>): Promise<void> {
  const folder = words[0];
  if (!folder) {
    throw new UsageError(
      'usage: civitas config import <folder>   (the folder holds areas.csv and, optionally, offices.csv, ' +
        'facilities.csv, roles.csv, users.csv and events/*.yaml)',
    );
  }
  const config = configFromFlags(flags);
  const country = resolve(folder);
  const rolesFile = join(country, 'roles.csv');
  const usersFile = join(country, 'users.csv');
  const withRoles = existsSync(rolesFile);
  const withStaff = existsSync(usersFile);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrate(database.root, await migrationPlans(withRoles || withStaff ? ['config', 'auth'] : ['config']));
    const imported = await database.root.transaction().execute(async (tx) => {
      const joined = joining(tx);
      const roles = withRoles ? parseRolesCsv(readFileSync(rolesFile, 'utf8'), rolesFile) : undefined;
      const staff = withStaff ? await readStaff(joined, country, usersFile, roles?.roles ?? []) : undefined;
      const problems: string[] = [];
      const summary = await importCountryFolder({ db: configDb(joined) }, country, 'cli-import').catch((error) => {
        if (!(error instanceof CountryImportError)) throw error;
        problems.push(...error.problems);
        return undefined;
      });
      problems.push(...(roles?.problems ?? []), ...(staff?.problems ?? []));
      // Throwing rolls back the config the import above may have written: nothing of the folder is kept.
      if (!summary || problems.length > 0) throw new CountryImportError(problems);
      // Roles first: the staff may hold the roles this import defines.
      const roleCounts =
        roles && (await importRoles(authDb(joined), roles.roles, { file: rolesFile, traceId: 'cli-import' }));
      const staffCounts =
        staff &&
        (await importStaff(authDb(joined), config, staff.staff, {
          file: usersFile,
          traceId: 'cli-import',
          invite: config.env !== 'development',
        }));
      return { ...summary, roles: roleCounts, staff: staffCounts };
    });
    console.log(countsLine('areas', imported.areas));
    console.log(countsLine('offices', imported.offices));
    console.log(countsLine('facilities', imported.facilities));
    console.log(publishedLine('event types', imported.eventTypes));
    if (imported.roles) console.log(countsLine('roles', imported.roles));
    if (imported.staff) {
      console.log(countsLine('staff', imported.staff));
      if (imported.staff.created > 0) console.log(newStaffNote(config));
    }
  } catch (error) {
    if (error instanceof CountryImportError) {
      throw new UsageError(`Nothing was imported. ${error.problems.length} problem(s):\n${error.problems.join('\n')}`);
    }
    throw error;
  } finally {
    await database.close();
  }
}

async function migrationPlans(names: ReadonlyArray<'config' | 'auth'>): Promise<MigrationPlan[]> {
  const services = await loadServices(names);
  return services.map((service) => ({ schema: service.name, migrations: service.migrations }));
}

/**
 * users.csv, checked against the offices the folder lists and those the database already holds (the config
 * service's API has no list of offices: its handle reads them), and against the roles there will be: those of the
 * folder's roles.csv and those stored (or the built-in ones, while a country has defined none).
 */
async function readStaff(
  database: Pick<Database, 'forSchema'>,
  country: string,
  file: string,
  roles: readonly RoleDefinition[],
) {
  const stored = await configDb(database).selectFrom('offices').select('code').execute();
  const offices = new Set([...officeCodesInFolder(country), ...stored.map(({ code }) => code)]);
  const known = rolesInForce([...(await listRoles(authDb(database))), ...roles]);
  return parseStaffCsv(readFileSync(file, 'utf8'), file, { offices, roles: new Set(known.keys()) });
}

function newStaffNote(config: Config): string {
  return config.env === 'development'
    ? 'New staff have no password (development mode sends no invitation): they choose one with "forgot password".'
    : 'New staff are sent an invitation to choose their password.';
}

function countsLine(kind: string, counts: ImportCounts | StaffCounts | RoleCounts): string {
  return `${kind}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`;
}

function publishedLine(kind: string, counts: PublishCounts): string {
  return `${kind}: ${counts.published} published, ${counts.unchanged} unchanged`;
}

/**
 * A database whose handles all work in `tx`, and whose `transaction()` joins it instead of opening another: the
 * config and staff imports, each written as one transaction of its own, then commit or roll back as one.
 */
function joining(tx: Transaction<Record<string, never>>): Pick<Database, 'forSchema'> {
  return { forSchema: <Tables>(schema: string) => joined(tx.withSchema(schema)) as unknown as Kysely<Tables> };
}

function joined<DB>(handle: Kysely<DB>): Kysely<DB> {
  return new Proxy(handle, {
    get(target, property) {
      if (property === 'transaction') {
        return () => ({ execute: <T>(work: (trx: Kysely<DB>) => Promise<T>) => work(target) });
      }
      const value: unknown = Reflect.get(target, property, target);
      // Kysely keeps its state in private fields, which only the real object may read.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
