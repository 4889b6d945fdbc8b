/** What the administration screens offer a user, from the scopes their role grants (the server checks again). */
export interface AdminRights {
  readonly users: boolean;
  readonly createUser: boolean;
  readonly editUser: boolean;
  readonly changeRole: boolean;
  readonly deactivate: boolean;
  readonly resetPassword: boolean;
  readonly offices: boolean;
}

export function adminRights(scopes: readonly string[]): AdminRights {
  const has = (scope: string) => scopes.includes(scope);
  return {
    users: has('user.read'),
    createUser: has('user.create'),
    editUser: has('user.update'),
    changeRole: has('user.role'),
    deactivate: has('user.deactivate'),
    resetPassword: has('user.reset-password'),
    offices: has('config.office.manage'),
  };
}

/** Whether the menu shows "Administration" at all. */
export const canAdminister = (scopes: readonly string[]) => {
  const rights = adminRights(scopes);
  return rights.users || rights.offices;
};
