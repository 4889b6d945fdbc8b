/**
 * What the administration screens look up: roles with their names, offices and areas by code. Offices are read
 * afresh (not from the session's configuration cache), since these screens add and rename them.
 */
import { listRoles, type RoleDefinition } from '../../api/admin';
import { listOffices } from '../../api/config';
import type { Place } from '../../api/types';
import { pick, type Translate } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { api } from '../session/session';
import { areas } from '../shell/config-store';

export interface AdminLookups {
  readonly roles: readonly RoleDefinition[];
  readonly offices: readonly Place[];
  readonly areas: readonly Place[];
}

export async function loadLookups(): Promise<AdminLookups> {
  const [roles, offices, areaList] = await Promise.all([listRoles(api).catch(() => []), listOffices(api), areas()]);
  return { roles, offices, areas: areaList };
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
