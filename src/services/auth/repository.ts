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
  password_hash: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: ColumnType<Date, never, never>;
}

/** Who did what to an account, and from where: sign-ins, failures, lockouts. Append-only. */
export interface AuditTable {
  id: ColumnType<number, never, never>;
  at: ColumnType<Date, never, never>;
  action:
    'login.password-accepted' | 'login.password-refused' | 'login.locked' | 'login.code-refused' | 'login.succeeded';
  user_id: string | null;
  username: string | null;
  address: string | null;
  request_id: string;
  detail: string | null;
}

export interface LoginChallengesTable {
  id: string;
  user_id: string;
  code_hash: string;
  channel: 'sms' | 'email' | 'development';
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

export interface AuthTables {
  users: UsersTable;
  login_challenges: LoginChallengesTable;
  signing_keys: SigningKeysTable;
  audit: AuditTable;
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
  users: ReadonlyArray<Omit<UserRow, 'created_at' | 'active' | 'failed_logins' | 'locked_until'>>,
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
