/**
 * Roles and the scopes they grant. The country configuration will define them (civil-registration work); until then
 * these are the roles every country starts with.
 */
export const ROLES = {
  'field-agent': ['config.read'],
  'registration-agent': ['config.read'],
  'local-registrar': ['config.read', 'statistics.read'],
  'national-registrar': ['config.read', 'statistics.read'],
  'local-sysadmin': ['config.read', 'config.area.create', 'notification.read'],
  'national-sysadmin': [
    'config.read',
    'config.area.create',
    'notification.send',
    'notification.read',
    'statistics.read',
  ],
  'performance-manager': ['statistics.read'],
} as const satisfies Record<string, readonly string[]>;

export type Role = keyof typeof ROLES;

export const ROLE_NAMES = Object.keys(ROLES) as Role[];

export function scopesOf(role: string): readonly string[] {
  return (ROLES as Record<string, readonly string[]>)[role] ?? [];
}
