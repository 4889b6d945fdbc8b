/** SQL of account upkeep: invitation and reset codes, recovery codes of the authenticator app. */
import type { Selectable } from 'kysely';
import type { AuthDb, PasswordResetsTable } from './repository.js';

export type PasswordResetRow = Selectable<PasswordResetsTable>;

export async function insertPasswordReset(db: AuthDb, reset: Omit<PasswordResetRow, 'attempts' | 'used_at'>) {
  // A new code replaces any earlier one still open: only the latest message is valid.
  await db
    .updateTable('password_resets')
    .set({ used_at: new Date() })
    .where('user_id', '=', reset.user_id)
    .where('used_at', 'is', null)
    .execute();
  await db.insertInto('password_resets').values(reset).execute();
}

/** The user's open code (there is at most one), locked until the transaction ends. */
export async function openPasswordReset(db: AuthDb, userId: string): Promise<PasswordResetRow | undefined> {
  return db
    .selectFrom('password_resets')
    .selectAll()
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .orderBy('expires_at', 'desc')
    .forUpdate()
    .executeTakeFirst();
}

export async function recordPasswordResetAttempt(db: AuthDb, id: string, used: boolean): Promise<void> {
  await db
    .updateTable('password_resets')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(used ? { used_at: new Date() } : {}) }))
    .where('id', '=', id)
    .execute();
}

export async function replaceRecoveryCodes(db: AuthDb, userId: string, codeHashes: readonly string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length > 0) {
    await db
      .insertInto('recovery_codes')
      .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
      .execute();
  }
}

/** Spends a recovery code; false when it is not one of the user's or was spent already. */
export async function spendRecoveryCode(db: AuthDb, userId: string, codeHash: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(db: AuthDb, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
