/** All SQL of the auth service. */
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { ServiceDb } from '../../core/events/tables.js';

export interface UsersTable {
  id: string;
  username: string;
  name: string;
  role: string;
  office: string | null;
  email: string | null;
  phone: string | null;
  language: ColumnType<string, string | undefined, string>;
  password_hash: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
  /** Sealed base32 secret of the authenticator app; set at enrolment, active once totp_enabled_at is set. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The last TOTP time step accepted: a code is good once. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}

/** Who did what to an account, and from where: sign-ins, failures, lockouts. Append-only. */
export interface AuditTable {
  id: ColumnType<number, never, never>;
  at: ColumnType<Date, never, never>;
  action: AuditAction;
  user_id: string | null;
  username: string | null;
  address: string | null;
  request_id: string;
  detail: string | null;
}

export type AuditAction =
  | 'login.password-accepted'
  | 'login.password-refused'
  | 'login.locked'
  | 'login.code-refused'
  | 'login.succeeded'
  | 'login.rate-limited'
  | 'token.refreshed'
  | 'token.reuse-detected'
  | 'session.revoked'
  | 'user.created'
  | 'user.updated'
  | 'user.role-changed'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'password.reset-requested'
  | 'password.reset-refused'
  | 'password.changed'
  | 'totp.enrolled'
  | 'totp.removed'
  | 'totp.recovery-code-used'
  | 'client.created'
  | 'client.secret-rotated'
  | 'client.revoked'
  | 'client.token-issued'
  | 'client.token-refused'
  | 'role.changed';

export interface LoginChallengesTable {
  id: string;
  user_id: string;
  code_hash: string;
  channel: 'sms' | 'email' | 'development' | 'totp';
  expires_at: Date;
  attempts: ColumnType<number, number | undefined, number>;
  used_at: Date | null;
}

export interface SigningKeysTable {
  kid: string;
  public_jwk: unknown;
  private_key: string;
  created_at: ColumnType<Date, never, never>;
  retired_at: Date | null;
}

/** Auth's copy of the country's offices, kept from config.office.* events: what places a user in an area. */
export interface OfficesTable {
  code: string;
  name: string;
  /** The office's area and every area above it, innermost first. */
  area_path: ColumnType<string[], string, string>;
}

export interface SessionsTable {
  id: string;
  subject_id: string;
  kind: 'user' | 'client';
  created_at: ColumnType<Date, never, never>;
  address: string | null;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RefreshTokensTable {
  /** sha256 of the token: a leaked table gives no usable token. */
  token_hash: string;
  session_id: string;
  expires_at: Date;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  code_hash: string;
  purpose: 'invitation' | 'reset';
  expires_at: Date;
  attempts: ColumnType<number, number | undefined, number>;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ApiClientsTable {
  id: string;
  name: string;
  scope: ColumnType<string[], string, string>;
  secret_hash: string;
  created_by: string;
  created_at: ColumnType<Date, never, never>;
  secret_rotated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The country's roles (roles.csv): what each grants, and its name in each language. Empty: the built-in roles. */
export interface RolesTable {
  name: string;
  /** Language code → the role's name in that language. */
  label: ColumnType<Record<string, string>, string, string>;
  scopes: ColumnType<string[], string, string>;
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AuthTables {
  users: UsersTable;
  login_challenges: LoginChallengesTable;
  signing_keys: SigningKeysTable;
  audit: AuditTable;
  offices: OfficesTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  password_resets: PasswordResetsTable;
  recovery_codes: RecoveryCodesTable;
  api_clients: ApiClientsTable;
  roles: RolesTable;
}

export type AuditEntry = Omit<Selectable<AuditTable>, 'id' | 'at'>;

export async function audit(db: AuthDb, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit').values(entry).execute();
}

/** Counts a refused password; from the fifth in a row the account is locked, twice as long each time (1 min to 1 h). */
export async function recordRefusedPassword(db: AuthDb, userId: string): Promise<Date | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({
      failed_logins: eb('failed_logins', '+', 1),
      locked_until: sql<Date | null>`case when failed_logins + 1 >= 5
        then now() + least(interval '1 hour', interval '1 minute' * power(2, failed_logins + 1 - 5))
        else locked_until end`,
    }))
    .where('id', '=', userId)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

export async function clearRefusedPasswords(db: AuthDb, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export type AuthDb = ServiceDb<AuthTables>;
export type UserRow = Selectable<UsersTable>;
export type ChallengeRow = Selectable<LoginChallengesTable>;

export async function findUserByUsername(db: AuthDb, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUser(db: AuthDb, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countUsers(db: AuthDb): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertUsers(
  db: AuthDb,
  users: ReadonlyArray<
    Omit<
      UserRow,
      | 'created_at'
      | 'updated_at'
      | 'active'
      | 'failed_logins'
      | 'locked_until'
      | 'totp_secret'
      | 'totp_enabled_at'
      | 'totp_last_step'
    >
  >,
): Promise<void> {
  if (users.length > 0) await db.insertInto('users').values(users).execute();
}

export async function insertChallenge(
  db: AuthDb,
  challenge: Omit<ChallengeRow, 'attempts' | 'used_at'>,
): Promise<void> {
  await db.insertInto('login_challenges').values(challenge).execute();
}

export async function findChallenge(db: AuthDb, id: string): Promise<ChallengeRow | undefined> {
  return db.selectFrom('login_challenges').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function recordChallengeAttempt(db: AuthDb, id: string, used: boolean): Promise<void> {
  await db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(used ? { used_at: new Date() } : {}) }))
    .where('id', '=', id)
    .execute();
}

export async function activeSigningKeys(db: AuthDb): Promise<Array<Selectable<SigningKeysTable>>> {
  return db
    .selectFrom('signing_keys')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertSigningKey(
  db: AuthDb,
  key: Omit<Selectable<SigningKeysTable>, 'created_at' | 'retired_at'>,
): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({ ...key, public_jwk: JSON.stringify(key.public_jwk) })
    .execute();
}

export async function retireSigningKeys(db: AuthDb, kids: readonly string[]): Promise<void> {
  if (kids.length > 0)
    await db.updateTable('signing_keys').set({ retired_at: new Date() }).where('kid', 'in', kids).execute();
}

export interface UserFilter {
  readonly office?: string | undefined;
  readonly role?: string | undefined;
  readonly active?: boolean | undefined;
}

/** Users matching the filter, by username. The caller narrows them further to what its scopes may see. */
export async function listUsers(db: AuthDb, filter: UserFilter): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll();
  if (filter.office !== undefined) query = query.where('office', '=', filter.office);
  if (filter.role !== undefined) query = query.where('role', '=', filter.role);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  return query.orderBy('username').execute();
}

export type UserChanges = Partial<
  Pick<UserRow, 'name' | 'email' | 'phone' | 'language' | 'office' | 'role' | 'active' | 'password_hash'>
>;

export async function updateUser(db: AuthDb, id: string, changes: UserChanges): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function setTotp(
  db: AuthDb,
  id: string,
  totp: { secret: string | null; enabledAt: Date | null; lastStep: number | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: totp.secret, totp_enabled_at: totp.enabledAt, totp_last_step: totp.lastStep })
    .where('id', '=', id)
    .execute();
}

/** Records an accepted TOTP step, unless a later one was accepted meanwhile (then the code is a replay). */
export async function acceptTotpStep(db: AuthDb, id: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type OfficeRow = Selectable<OfficesTable>;

export async function findOffice(db: AuthDb, code: string): Promise<OfficeRow | undefined> {
  return db.selectFrom('offices').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function allOffices(db: AuthDb): Promise<OfficeRow[]> {
  return db.selectFrom('offices').selectAll().execute();
}

export async function upsertOffice(db: AuthDb, office: { code: string; name: string; areaPath: string[] }) {
  await db
    .insertInto('offices')
    .values({ code: office.code, name: office.name, area_path: JSON.stringify(office.areaPath) })
    .onConflict((conflict) =>
      conflict.column('code').doUpdateSet({ name: office.name, area_path: JSON.stringify(office.areaPath) }),
    )
    .execute();
}
