/** SQL of sessions and their refresh tokens. */
import type { Selectable } from 'kysely';
import type { AuthDb, RefreshTokensTable, SessionsTable } from './repository.js';

export type SessionRow = Selectable<SessionsTable>;

export async function insertSession(
  db: AuthDb,
  session: { id: string; subjectId: string; kind: 'user' | 'client'; address: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: session.id, subject_id: session.subjectId, kind: session.kind, address: session.address })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}

export async function insertRefreshToken(
  db: AuthDb,
  token: Omit<Selectable<RefreshTokensTable>, 'used_at'>,
): Promise<void> {
  await db.insertInto('refresh_tokens').values(token).execute();
}

/** The refresh token and its session, locked until the transaction ends: two uses at once cannot both win. */
export async function findRefreshToken(db: AuthDb, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
    .select([
      'refresh_tokens.token_hash',
      'refresh_tokens.expires_at',
      'refresh_tokens.used_at',
      'sessions.id as session_id',
      'sessions.subject_id',
      'sessions.kind',
      'sessions.revoked_at',
    ])
    .where('refresh_tokens.token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markRefreshTokenUsed(db: AuthDb, tokenHash: string): Promise<void> {
  await db.updateTable('refresh_tokens').set({ used_at: new Date() }).where('token_hash', '=', tokenHash).execute();
}

/** Revokes the sessions still open; answers the ids it revoked. */
export async function revokeSessions(
  db: AuthDb,
  where: { id: string } | { subjectId: string },
  reason: string,
): Promise<string[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where('id' in where ? 'id' : 'subject_id', '=', 'id' in where ? where.id : where.subjectId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function sessionsRevokedSince(db: AuthDb, since: Date): Promise<Array<{ id: string; revoked_at: Date }>> {
  const rows = await db.selectFrom('sessions').select(['id', 'revoked_at']).where('revoked_at', '>=', since).execute();
  return rows.map((row) => ({ id: row.id, revoked_at: row.revoked_at! }));
}

/** Forgets refresh tokens expired for a day: they can no longer be used or reused. */
export async function deleteExpiredRefreshTokens(db: AuthDb): Promise<number> {
  const result = await db
    .deleteFrom('refresh_tokens')
    .where('expires_at', '<', new Date(Date.now() - 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
