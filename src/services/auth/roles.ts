/**
 * The built-in roles and the scopes they grant: what a country starts with, in force until its configuration defines
 * roles of its own (`roles.csv`, stored in `auth.roles`; see role-book.ts, which answers the roles in force). They
 * also document the defaults: the demo country's roles.csv grants these same scopes, with a hospital clerk besides.
 * Scopes may carry conditions (see core/http/scopes.ts): a local administrator manages the staff of their own area
 * only, and cannot make anyone a national registrar or an administrator above themselves.
 */
import { parseScope } from '../../core/http/scopes.js';

/** Every signed-in person may read and change their own account (password, authenticator app). */
export const SELF_SCOPE = 'account.self';

const LOCAL_STAFF =
  'role=field-agent|hospital-clerk|registration-agent|local-registrar|local-sysadmin|performance-manager';
const LOCAL_USERS = `area=my-jurisdiction,${LOCAL_STAFF}`;

/** Record scopes bounded to the user's jurisdiction: their office's district and the areas below it. */
const local = (...names: string[]) => names.map((name) => `${name}[area=my-jurisdiction]`);
const REGISTRAR_RECORD_SCOPES = [
  'record.read',
  'record.declare',
  'record.validate',
  'record.register',
  'record.archive',
  'record.print',
  'record.correct',
  'record.correct.approve',
  'record.unassign',
  'record.approve-late',
];

/**
 * Identity scopes of registrars: enrol adults, read identities and who verified them, manage their virtual IDs, hand
 * a person a credential offer for their wallet and see the credentials they hold.
 */
const IDENTITY_STAFF_SCOPES = [
  'identity.read',
  'identity.enrol',
  'identity.vid.manage',
  'identity.credential.offer',
  'identity.credential.read',
];

export const ROLES = {
  'field-agent': ['config.read', ...local('record.read', 'record.declare')],
  'registration-agent': ['config.read', ...local('record.read', 'record.declare', 'record.validate', 'record.correct')],
  'local-registrar': [
    'config.read',
    'statistics.read',
    'user.read[office=mine]',
    ...local(...REGISTRAR_RECORD_SCOPES),
    ...IDENTITY_STAFF_SCOPES,
  ],
  'national-registrar': [
    'config.read',
    'statistics.read',
    'user.read',
    ...REGISTRAR_RECORD_SCOPES,
    ...IDENTITY_STAFF_SCOPES,
    'identity.review',
    'identity.credential.revoke',
  ],
  'local-sysadmin': [
    'config.read',
    'config.area.create',
    'config.office.manage[area=my-jurisdiction]',
    'notification.read',
    `user.read[area=my-jurisdiction]`,
    `user.create[${LOCAL_USERS}]`,
    `user.update[${LOCAL_USERS}]`,
    `user.role[${LOCAL_USERS}]`,
    `user.deactivate[${LOCAL_USERS}]`,
    `user.reset-password[${LOCAL_USERS}]`,
  ],
  'national-sysadmin': [
    'config.read',
    'config.area.create',
    'config.office.manage',
    'notification.send',
    'notification.read',
    'statistics.read',
    'statistics.estimates.manage',
    'user.read',
    'user.create',
    'user.update',
    'user.role',
    'user.deactivate',
    'user.reset-password',
    'client.manage',
    'identity.partner.manage',
  ],
  // The statistics screens name areas and event types: the configuration, no personal data.
  'performance-manager': ['config.read', 'statistics.read'],
} as const satisfies Record<string, readonly string[]>;

/** The built-in roles' names as GET /roles shows them; a country's roles.csv labels its roles in its languages. */
export const ROLE_LABELS: Readonly<Record<keyof typeof ROLES, string>> = {
  'field-agent': 'Field agent',
  'registration-agent': 'Registration agent',
  'local-registrar': 'Local registrar',
  'national-registrar': 'National registrar',
  'local-sysadmin': 'Local system administrator',
  'national-sysadmin': 'National system administrator',
  'performance-manager': 'Performance manager',
};

// A typo in a scope above would silently grant nothing: refuse to load instead.
for (const scopes of Object.values(ROLES)) for (const scope of scopes) parseScope(scope);

/** The scopes an API client may be given: any a role grants, and those meant for integrations only. */
export const CLIENT_SCOPES = ['record.notify', 'statistics.read', 'config.read', 'identity.verify'] as const;
