/** Staff accounts, roles and registration offices, as administrators manage them. */
import { json, type Api } from './http';
import type { Localized, Page } from './types';

export interface StaffUser {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: string;
  readonly office: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
  readonly active: boolean;
  /** False until an invited user has chosen their password. */
  readonly passwordSet: boolean;
  readonly secondFactor: 'totp' | 'sms' | 'email' | 'none';
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface RoleDefinition {
  readonly role: string;
  readonly label: Localized;
  readonly scopes: readonly string[];
}

export interface NewStaffUser {
  readonly username: string;
  readonly name: string;
  readonly role: string;
  readonly office: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
}

export type StaffChanges = Partial<Pick<NewStaffUser, 'name' | 'office' | 'email' | 'phone' | 'language'>>;

export interface UserFilter {
  readonly office?: string;
  readonly role?: string;
  readonly active?: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface Office {
  readonly code: string;
  readonly name: string;
  readonly areaCode: string;
  readonly areaPath: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function listUsers(api: Api, filter: UserFilter) {
  const query = new URLSearchParams({ limit: String(filter.limit), offset: String(filter.offset) });
  if (filter.office) query.set('office', filter.office);
  if (filter.role) query.set('role', filter.role);
  if (filter.active !== undefined) query.set('active', String(filter.active));
  return json<Page<StaffUser>>(api(`/users?${query}`));
}

export const getUser = (api: Api, id: string) => json<StaffUser>(api(`/users/${id}`));

export const listRoles = (api: Api) => json<RoleDefinition[]>(api('/roles'));

export const createUser = (api: Api, user: NewStaffUser) => json<StaffUser>(api('/users', { body: user }));

export const changeUser = (api: Api, id: string, changes: StaffChanges) =>
  json<StaffUser>(api(`/users/${id}`, { method: 'PATCH', body: changes }));

export const changeRole = (api: Api, id: string, role: string) =>
  json<StaffUser>(api(`/users/${id}/role`, { method: 'PUT', body: { role } }));

export const setActive = (api: Api, id: string, active: boolean) =>
  json<StaffUser>(api(`/users/${id}/${active ? 'reactivate' : 'deactivate'}`, { method: 'POST' }));

export const resetPassword = (api: Api, id: string) =>
  json<{ expiresAt: string }>(api(`/users/${id}/reset-password`, { method: 'POST' }));

export function listOfficePage(api: Api, query: { area?: string; limit: number; offset: number }) {
  const params = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) });
  if (query.area) params.set('area', query.area);
  return json<Page<Office>>(api(`/offices?${params}`));
}

export const getOffice = (api: Api, code: string) => json<Office>(api(`/offices/${encodeURIComponent(code)}`));

export const createOffice = (api: Api, office: { code: string; name: string; areaCode: string }) =>
  json<Office>(api('/offices', { body: office }));

export const changeOffice = (api: Api, code: string, changes: { name?: string; areaCode?: string }) =>
  json<Office>(api(`/offices/${encodeURIComponent(code)}`, { method: 'PATCH', body: changes }));
