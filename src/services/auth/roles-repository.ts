/** SQL of the country's roles. */
import type { AuthDb } from './repository.js';

export interface StoredRole {
  readonly name: string;
  readonly label: Readonly<Record<string, string>>;
  readonly scopes: readonly string[];
}

/** The roles a country import stored, by name; none until one did. */
export async function listRoles(db: AuthDb): Promise<StoredRole[]> {
  return db.selectFrom('roles').select(['name', 'label', 'scopes']).orderBy('name').execute();
}

/** Inserts the role, or replaces its labels and scopes. */
export async function saveRole(db: AuthDb, role: StoredRole): Promise<void> {
  const values = { label: JSON.stringify(role.label), scopes: JSON.stringify(role.scopes), updated_at: new Date() };
  await db
    .insertInto('roles')
    .values({ name: role.name, ...values })
    .onConflict((conflict) => conflict.column('name').doUpdateSet(values))
    .execute();
}

/** The ids of the users (active or not) who hold the role. */
export async function usersWithRole(db: AuthDb, role: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', role).execute();
  return rows.map((row) => row.id);
}
