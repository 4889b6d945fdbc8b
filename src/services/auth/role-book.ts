/**
 * The roles in force: the country's, as its last import stored them in `auth.roles`, or the built-in ones (roles.ts)
 * while it has defined none. Every sign-in, refresh and staff change asks, so each database handle keeps them 10 s:
 * another node's import (`civitas config import`) reaches this one within that time, and an import in this process
 * forgets them at once.
 */
import { listRoles, type StoredRole } from './roles-repository.js';
import type { AuthDb } from './repository.js';
import { ROLE_LABELS, ROLES, SELF_SCOPE } from './roles.js';

/** A role: its name (what users.csv and the admin API name), its name in each language, and the scopes it grants. */
export type RoleDefinition = StoredRole;

/** The roles by name, in the order they are listed. */
export type Roles = ReadonlyMap<string, RoleDefinition>;

const BUILT_IN: Roles = new Map(
  Object.entries(ROLES).map(([name, scopes]) => [
    name,
    { name, label: { en: ROLE_LABELS[name as keyof typeof ROLES] }, scopes },
  ]),
);

const CACHE_MS = 10_000;
let cache = new WeakMap<AuthDb, { at: number; roles: Promise<Roles> }>();

/**
 * The roles in force, read through a 10 s cache per database handle.
 *
 * @example
 * const roles = await currentRoles(db);
 * roles.get('field-agent')?.scopes; // ['config.read', 'record.read[area=my-jurisdiction]', ...]
 */
export async function currentRoles(db: AuthDb): Promise<Roles> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.roles;
  const roles = listRoles(db).then(rolesInForce);
  const entry = { at: Date.now(), roles };
  cache.set(db, entry);
  // A failed read is not kept: the next call tries again.
  roles.catch(() => cache.get(db) === entry && cache.delete(db));
  return roles;
}

/** Forgets every cached role table: called after an import, so its roles apply at once in this process. */
export function forgetRoles(): void {
  cache = new WeakMap();
}

/** The roles that are in force when these are stored: they, or the built-in ones when there are none. */
export function rolesInForce(stored: readonly RoleDefinition[]): Roles {
  return stored.length === 0 ? BUILT_IN : new Map(stored.map((role) => [role.name, role]));
}

/** The scopes a user of this role holds: the role's, and their own account's; none for a role not in force. */
export async function scopesOf(db: AuthDb, role: string): Promise<readonly string[]> {
  const found = (await currentRoles(db)).get(role);
  return found ? [...new Set([...found.scopes, SELF_SCOPE])] : [];
}
