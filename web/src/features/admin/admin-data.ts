/**
 * What the administration screens look up: roles with their names, and offices by code. Offices are read afresh
 * (not from the session's configuration cache), since these screens add and rename them. Areas are not read here:
 * a large country has too many; their names come from the device's places (features/locations).
 */
import { listRoles, type RoleDefinition } from '../../api/admin';
import { listOffices } from '../../api/config';
import type { Place } from '../../api/types';
import { pick, type Translate } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { api } from '../session/session';

export interface AdminLookups {
  readonly roles: readonly RoleDefinition[];
  readonly offices: readonly Place[];
}

export async function loadLookups(): Promise<AdminLookups> {
  const [roles, offices] = await Promise.all([listRoles(api).catch(() => []), listOffices(api)]);
  return { roles, offices };
}

/** The role's name in the language: the configuration's, else the app's own, else its id. */
export function roleName(lookups: AdminLookups | undefined, role: string, lang: string, t: Translate): string {
  const configured = lookups?.roles.find((entry) => entry.role === role);
  const own = t(`role-${role}` as TextKey);
  return (configured && pick(configured.label, lang)) || (own === `role-${role}` ? role : own);
}

export function officeName(lookups: AdminLookups | undefined, code: string | null): string {
  if (!code) return '';
  return lookups?.offices.find((office) => office.code === code)?.name ?? code;
}
