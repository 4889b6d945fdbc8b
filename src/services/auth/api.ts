/**
 * The auth service's public surface for other services and commands: the event it publishes, the role table, and key
 * rotation for `civitas auth rotate-keys`.
 */
import type { Database } from '../../core/db/open.js';
import type { AuthDb, AuthTables } from './repository.js';
import type { CoreEventTables } from '../../core/events/tables.js';

export { AccountCodeRequested, LoginCodeRequested } from './events.js';
export { ROLES, scopesOf, type Role } from './roles.js';
export { rotateSigningKey } from './tokens.js';
// Staff from the country configuration's users.csv, for `civitas config import`.
export {
  importStaff,
  officeCodesInFolder,
  parseStaffCsv,
  type ParsedStaff,
  type StaffCounts,
  type StaffImportOptions,
} from './actions/import-staff.js';

/** The auth service's handle on a database, for commands that run without the server. */
export function authDb(database: Pick<Database, 'forSchema'>): AuthDb {
  return database.forSchema<AuthTables & CoreEventTables>('auth');
}
export { remoteAccessPolicy } from './remote-policy.js';
