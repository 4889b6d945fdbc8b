/** Development mode only: the demo country's staff, all with one published password (and the fixed code). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../../core/service.js';
import { importStaff, officeCodesInFolder, parseStaffCsv } from './actions/import-staff.js';
import { hashPassword } from './passwords.js';
import { allOffices, countUsers, type AuthTables } from './repository.js';

/** Printed at start and in the README; such users exist in development mode only. */
export const DEMO_PASSWORD = 'civitas-demo-password';

export async function seedDemoUsers(context: ServiceContext<AuthTables>): Promise<void> {
  if (context.config.env !== 'development' || (await countUsers(context.db)) > 0) return;
  const folder = context.config.seed.country;
  const file = join(folder, 'users.csv');
  // On a first start auth has not yet heard of the offices config is seeding: take them from the folder too.
  const offices = new Set([...officeCodesInFolder(folder), ...(await allOffices(context.db)).map(({ code }) => code)]);
  const { staff, problems } = parseStaffCsv(readFileSync(file, 'utf8'), file, offices);
  if (problems.length > 0) throw new Error(`${problems.length} problem(s) in the demo staff:\n${problems.join('\n')}`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await importStaff(context.db, context.config, staff, { file, traceId: 'seed', invite: false, passwordHash });
  context.log.info(
    { users: staff.map((user) => `${user.username} (${user.role})`), password: '(see README)' },
    `demo users created; password "${DEMO_PASSWORD}", sign-in code ${context.config.auth.developmentCode}`,
  );
}
