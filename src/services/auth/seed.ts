/**
 * The seed country's roles, and in development mode only its staff, all with one published password (and the fixed
 * code).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../../core/service.js';
import { importRoles, parseRolesCsv } from './actions/import-roles.js';
import { importStaff, officeCodesInFolder, parseStaffCsv } from './actions/import-staff.js';
import { hashPassword } from './passwords.js';
import { allOffices, countUsers, type AuthTables } from './repository.js';
import { currentRoles } from './role-book.js';
import { listRoles } from './roles-repository.js';

/** Printed at start and in the README; such users exist in development mode only. */
export const DEMO_PASSWORD = 'civitas-demo-password';

type Context = ServiceContext<AuthTables>;

/**
 * On a start that seeds (development mode, or `seed.enabled`): the country's roles.csv when no role is stored, as the
 * areas and offices are seeded; then, in development mode and with no user yet, its users.csv with the demo password.
 */
export async function seedRolesAndStaff(context: Context): Promise<void> {
  await seedRoles(context);
  if (context.config.env === 'development' && (await countUsers(context.db)) === 0) await seedDemoUsers(context);
}

async function seedRoles(context: Context): Promise<void> {
  const file = join(context.config.seed.country, 'roles.csv');
  if (!existsSync(file) || (await listRoles(context.db)).length > 0) return;
  const { roles, problems } = parseRolesCsv(readFileSync(file, 'utf8'), file);
  if (problems.length > 0) throw new Error(`${problems.length} problem(s) in the seed roles:\n${problems.join('\n')}`);
  await importRoles(context.db, roles, { file, traceId: 'seed' });
  context.log.info({ roles: roles.map((role) => role.name) }, 'seeded the country roles');
}

async function seedDemoUsers(context: Context): Promise<void> {
  const folder = context.config.seed.country;
  const file = join(folder, 'users.csv');
  // On a first start auth has not yet heard of the offices config is seeding: take them from the folder too.
  const offices = new Set([...officeCodesInFolder(folder), ...(await allOffices(context.db)).map(({ code }) => code)]);
  const roles = new Set((await currentRoles(context.db)).keys());
  const { staff, problems } = parseStaffCsv(readFileSync(file, 'utf8'), file, { offices, roles });
  if (problems.length > 0) throw new Error(`${problems.length} problem(s) in the demo staff:\n${problems.join('\n')}`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await importStaff(context.db, context.config, staff, { file, traceId: 'seed', invite: false, passwordHash });
  context.log.info(
    { users: staff.map((user) => `${user.username} (${user.role})`), password: '(see README)' },
    `demo users created; password "${DEMO_PASSWORD}", sign-in code ${context.config.auth.developmentCode}`,
  );
}
