/**
 * Staff accounts as administrators manage them: create (the user is sent a code to set their password), edit, change
 * role, deactivate and reactivate, reset the password. Every change is checked against the administrator's scopes
 * with the user's office, area and role (a local administrator acts within their area and on local roles only), and
 * audited. Changes that alter what a user may do end their sessions.
 */
import type { Config } from '../../../config/schema.js';
import { DomainError } from '../../../core/errors.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { demand, may, type Caller, type ScopeTarget } from '../../../core/http/scopes.js';
import { reachable, sendAccountCode } from '../account-codes.js';
import type { NewUser, UserView } from '../model.js';
import {
  audit,
  findOffice,
  findUser,
  findUserByUsername,
  insertUsers,
  listUsers,
  updateUser,
  type AuditAction,
  type AuthDb,
  type UserChanges,
  type UserFilter,
  type UserRow,
} from '../repository.js';
import { currentRoles } from '../role-book.js';
import { revokeSessions } from '../sessions-repository.js';
import type { RevocationList } from '../sessions.js';

export interface UserAdminDeps {
  readonly db: AuthDb;
  readonly config: Config;
  readonly revocations: RevocationList;
}

export interface Acting {
  readonly caller: Caller;
  readonly requestId: string;
  readonly address: string | null;
}

export function toUserView(user: UserRow): UserView {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    office: user.office,
    email: user.email,
    phone: user.phone,
    language: user.language,
    active: user.active,
    passwordSet: user.password_hash !== null,
    secondFactor: user.totp_enabled_at ? 'totp' : user.phone ? 'sms' : user.email ? 'email' : 'none',
    lockedUntil: user.locked_until && user.locked_until > new Date() ? user.locked_until.toISOString() : null,
    createdAt: user.created_at.toISOString(),
    updatedAt: user.updated_at.toISOString(),
  };
}

/** What scope conditions are checked against: the user's office, the areas it lies in, and the role. */
async function targetOf(db: AuthDb, user: { office: string | null; role: string }): Promise<ScopeTarget> {
  const office = user.office ? await findOffice(db, user.office) : undefined;
  return { office: user.office, area: office?.area_path, role: user.role };
}

async function checkOffice(db: AuthDb, office: string | null): Promise<void> {
  if (office !== null && !(await findOffice(db, office))) {
    throw new DomainError('VALIDATION_FAILED', `office: no office has the code ${office}`, { field: 'office' });
  }
}

/** The role must be one in force: the country's, or the built-in ones while it has defined none. */
async function checkRole(db: AuthDb, role: string): Promise<void> {
  if (!(await currentRoles(db)).has(role)) {
    throw new DomainError('VALIDATION_FAILED', `role: no role is named ${role}`, { field: 'role' });
  }
}

/** The user, if the caller may see them; otherwise the same not-found as for a user that does not exist. */
async function visibleUser(deps: UserAdminDeps, acting: Acting, id: string): Promise<UserRow> {
  const user = await findUser(deps.db, id);
  if (!user || !may(acting.caller, 'user.read', await targetOf(deps.db, user))) {
    throw new DomainError('USER_NOT_FOUND', `No user ${id} that you may see.`);
  }
  return user;
}

export async function listUsersFor(
  deps: UserAdminDeps,
  acting: Acting,
  filter: UserFilter & { limit: number; offset: number },
): Promise<{ items: UserView[]; total: number }> {
  const visible: UserRow[] = [];
  // Staff lists are thousands of rows at most: filtering by scope here keeps the rule in one place.
  for (const user of await listUsers(deps.db, filter)) {
    if (may(acting.caller, 'user.read', await targetOf(deps.db, user))) visible.push(user);
  }
  return {
    items: visible.slice(filter.offset, filter.offset + filter.limit).map(toUserView),
    total: visible.length,
  };
}

export async function getUserFor(deps: UserAdminDeps, acting: Acting, id: string): Promise<UserView> {
  return toUserView(await visibleUser(deps, acting, id));
}

export async function createUser(deps: UserAdminDeps, acting: Acting, input: NewUser): Promise<UserView> {
  await checkRole(deps.db, input.role);
  await checkOffice(deps.db, input.office);
  demand(acting.caller, 'user.create', await targetOf(deps.db, input), `a ${input.role} of office ${input.office}`);
  if (!input.phone && !input.email) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'phone: a phone number or an e-mail address is needed for sign-in codes',
      {
        field: 'phone',
      },
    );
  }
  if (await findUserByUsername(deps.db, input.username)) {
    throw new DomainError('USER_EXISTS', `The username ${input.username} is taken.`, { field: 'username' });
  }
  const id = uuidv7();
  await deps.db.transaction().execute(async (tx) => {
    await insertUsers(tx, [{ id, ...input, password_hash: null }]);
    const user = (await findUser(tx, id))!;
    await sendAccountCode(tx, deps.config, user, 'invitation', acting.requestId);
    await record(tx, acting, 'user.created', user, `role ${input.role}, office ${input.office ?? '(national)'}`);
  });
  return toUserView((await findUser(deps.db, id))!);
}

export async function changeUser(
  deps: UserAdminDeps,
  acting: Acting,
  id: string,
  changes: Pick<UserChanges, 'name' | 'office' | 'email' | 'phone' | 'language'>,
): Promise<UserView> {
  const user = await visibleUser(deps, acting, id);
  demand(acting.caller, 'user.update', await targetOf(deps.db, user), `user ${user.username}`);
  if (changes.office !== undefined && changes.office !== user.office) {
    await checkOffice(deps.db, changes.office);
    // Moving someone needs the right over both offices.
    demand(acting.caller, 'user.update', await targetOf(deps.db, { ...user, office: changes.office }), 'that office');
  }
  const after = { ...user, ...changes };
  if (!reachable(after)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'phone: a phone number or an e-mail address is needed for sign-in codes',
      {
        field: 'phone',
      },
    );
  }
  const changed = (Object.keys(changes) as Array<keyof typeof changes>).filter((key) => changes[key] !== user[key]);
  if (changed.length === 0) return toUserView(user);
  await deps.db.transaction().execute(async (tx) => {
    await updateUser(tx, id, changes);
    await record(tx, acting, 'user.updated', user, `changed ${changed.join(', ')}`);
    // A new office changes what the user may reach: their tokens must be issued again.
    if (changed.includes('office')) deps.revocations.add(await revokeSessions(tx, { subjectId: id }, 'office changed'));
  });
  return toUserView((await findUser(deps.db, id))!);
}

export async function changeRole(deps: UserAdminDeps, acting: Acting, id: string, role: string): Promise<UserView> {
  await checkRole(deps.db, role);
  const user = await visibleUser(deps, acting, id);
  // The caller needs the right over the user as they are, and as they will be.
  demand(acting.caller, 'user.role', await targetOf(deps.db, user), `user ${user.username}`);
  demand(acting.caller, 'user.role', await targetOf(deps.db, { ...user, role }), `the role ${role}`);
  if (acting.caller.sub === id) {
    throw new DomainError('FORBIDDEN', 'You cannot change your own role; ask another administrator.');
  }
  if (user.role === role) return toUserView(user);
  await deps.db.transaction().execute(async (tx) => {
    await updateUser(tx, id, { role });
    await record(tx, acting, 'user.role-changed', user, `${user.role} → ${role}`);
    deps.revocations.add(await revokeSessions(tx, { subjectId: id }, 'role changed'));
  });
  return toUserView((await findUser(deps.db, id))!);
}

export async function setActive(deps: UserAdminDeps, acting: Acting, id: string, active: boolean): Promise<UserView> {
  const user = await visibleUser(deps, acting, id);
  demand(acting.caller, 'user.deactivate', await targetOf(deps.db, user), `user ${user.username}`);
  if (acting.caller.sub === id && !active) throw new DomainError('FORBIDDEN', 'You cannot deactivate yourself.');
  if (user.active === active) return toUserView(user);
  await deps.db.transaction().execute(async (tx) => {
    await updateUser(tx, id, { active });
    await record(tx, acting, active ? 'user.reactivated' : 'user.deactivated', user, null);
    if (!active) deps.revocations.add(await revokeSessions(tx, { subjectId: id }, 'account deactivated'));
  });
  return toUserView((await findUser(deps.db, id))!);
}

/** Clears the password, ends the user's sessions and sends them a code to choose a new one. */
export async function resetPassword(deps: UserAdminDeps, acting: Acting, id: string): Promise<{ expiresAt: string }> {
  const user = await visibleUser(deps, acting, id);
  demand(acting.caller, 'user.reset-password', await targetOf(deps.db, user), `user ${user.username}`);
  if (!user.active) throw new DomainError('USER_INACTIVE', 'Reactivate the user first.');
  if (!reachable(user)) throw new DomainError('AUTH_NO_SECOND_FACTOR', 'The user has no phone number or e-mail.');
  const expiresAt = await deps.db.transaction().execute(async (tx) => {
    await updateUser(tx, id, { password_hash: null });
    const expires = await sendAccountCode(tx, deps.config, user, 'reset', acting.requestId);
    await record(tx, acting, 'password.reset-requested', user, 'by an administrator');
    deps.revocations.add(await revokeSessions(tx, { subjectId: id }, 'password reset by an administrator'));
    return expires;
  });
  return { expiresAt: expiresAt.toISOString() };
}

async function record(
  tx: AuthDb,
  acting: Acting,
  action: AuditAction,
  user: Pick<UserRow, 'id' | 'username'>,
  detail: string | null,
): Promise<void> {
  await audit(tx, {
    action,
    user_id: user.id,
    username: user.username,
    address: acting.address,
    request_id: acting.requestId,
    detail: `by ${acting.caller.sub}${detail ? `: ${detail}` : ''}`,
  });
}
