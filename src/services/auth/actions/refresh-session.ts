import type { Config } from '../../../config/schema.js';
import { DomainError } from '../../../core/errors.js';
import { tokenResponse } from '../claims.js';
import { findUser, type AuthDb } from '../repository.js';
import { revokeSessions } from '../sessions-repository.js';
import { revokeByRefreshToken, rotateRefreshToken, type RevocationList, type Trail } from '../sessions.js';
import type { SigningKey } from '../tokens.js';

export interface SessionDeps {
  readonly db: AuthDb;
  readonly config: Config;
  readonly key: () => SigningKey;
  readonly revocations: RevocationList;
}

const REFRESH_REFUSED = 'This refresh token is not valid any more; sign in again.';

/** Spends a refresh token for a new access token and the next refresh token. */
export async function refreshSession(deps: SessionDeps, refreshToken: string, trail: Trail) {
  const outcome = await rotateRefreshToken(deps.db, refreshToken, deps.config.auth.refreshTokenTtlSeconds, trail);
  if (outcome.kind === 'reused') deps.revocations.add([outcome.sessionId]);
  if (outcome.kind !== 'ok') throw new DomainError('AUTH_REFRESH_INVALID', REFRESH_REFUSED);
  const user = await findUser(deps.db, outcome.userId);
  if (!user?.active) {
    deps.revocations.add(await revokeSessions(deps.db, { id: outcome.sessionId }, 'account deactivated'));
    throw new DomainError('AUTH_REFRESH_INVALID', REFRESH_REFUSED);
  }
  return tokenResponse(deps, user, outcome);
}

/** Ends the session of a refresh token, and with it every access token of that session. */
export async function signOut(deps: SessionDeps, refreshToken: string, trail: Trail): Promise<void> {
  deps.revocations.add(await revokeByRefreshToken(deps.db, refreshToken, trail));
}
