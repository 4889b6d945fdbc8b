/** Development mode only: the demo country's staff, all with one published password (and the fixed code). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ServiceContext } from '../../core/service.js';
import { uuidv7 } from '../../core/events/uuidv7.js';
import { hashPassword } from './passwords.js';
import { countUsers, insertUsers, type AuthTables } from './repository.js';
import { ROLE_NAMES } from './roles.js';

/** Printed at start and in the README; such users exist in development mode only. */
export const DEMO_PASSWORD = 'civitas-demo-password';

export async function seedDemoUsers(context: ServiceContext<AuthTables>): Promise<void> {
  if (context.config.env !== 'development' || (await countUsers(context.db)) > 0) return;
  const file = join(context.config.seed.country, 'users.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Array<
    Record<string, string>
  >;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = rows.map((row, index) => {
    if (!ROLE_NAMES.includes(row.role as never))
      throw new Error(`${file}:${index + 2}: role: unknown role ${row.role}`);
    return {
      id: uuidv7(),
      username: row.username!,
      name: row.name!,
      role: row.role!,
      office: row.office || null,
      email: row.email || null,
      phone: row.phone || null,
      language: row.language || 'en',
      password_hash: passwordHash,
    };
  });
  await insertUsers(context.db, users);
  context.log.info(
    { users: users.map((user) => `${user.username} (${user.role})`), password: '(see README)' },
    `demo users created; password "${DEMO_PASSWORD}", sign-in code ${context.config.auth.developmentCode}`,
  );
}
