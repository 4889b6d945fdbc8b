/**
 * The auth service's public surface for other services and commands: the event it publishes, the built-in roles, the
 * country's roles and staff for `civitas config import`, and key rotation for `civitas auth rotate-keys`.
 */
import type { Database } from '../../core/db/open.js';
import type { AuthDb, AuthTables } from './repository.js';
import type { CoreEventTables } from '../../core/events/tables.js';

export { AccountCodeRequested, LoginCodeRequested } from './events.js';
export { ROLES } from './roles.js';
export { rotateSigningKey } from './tokens.js';
// Roles and staff from the country configuration's roles.csv and users.csv, for `civitas config import`.
export {
  importRoles,
  parseRolesCsv,
  type ParsedRoles,
  type RoleCounts,
  type RoleImportOptions,
} from './actions/import-roles.js';
export {
  importStaff,
  officeCodesInFolder,
  parseStaffCsv,
  type KnownNames,
  type ParsedStaff,
  type StaffCounts,
  type StaffImportOptions,
} from './actions/import-staff.js';
export { rolesInForce, type RoleDefinition } from './role-book.js';
export { listRoles } from './roles-repository.js';

/** The auth service's handle on a database, for commands that run without the server. */
export function authDb(database: Pick<Database, 'forSchema'>): AuthDb {
  return database.forSchema<AuthTables & CoreEventTables>('auth');
}
export { remoteAccessPolicy } from './remote-policy.js';
