/**
 * What an access token says about a user: role, the scopes the role grants now (a country may redefine it), office,
 * and the areas that office lies in.
 */
import type { Config } from '../../config/schema.js';
import { findOffice, type AuthDb, type UserRow } from './repository.js';
import { scopesOf } from './role-book.js';
import { issueAccessToken, type AccessClaims, type SigningKey } from './tokens.js';

export async function userClaims(
  db: AuthDb,
  user: Pick<UserRow, 'id' | 'role' | 'office'>,
  sessionId: string,
): Promise<AccessClaims> {
  const office = user.office ? await findOffice(db, user.office) : undefined;
  return {
    sub: user.id,
    kind: 'user',
    role: user.role,
    scope: await scopesOf(db, user.role),
    office: user.office,
    // An office auth has not heard of yet places the user nowhere: area-bound scopes then grant nothing.
    jurisdiction: office?.area_path ?? [],
    sid: sessionId,
  };
}

/** The answer to a sign-in or a refresh: a fresh access token, and the session's next refresh token. */
export async function tokenResponse(
  deps: { db: AuthDb; config: Config; key: () => SigningKey },
  user: Pick<UserRow, 'id' | 'role' | 'office'>,
  session: { sessionId: string; refreshToken: string },
) {
  const claims = await userClaims(deps.db, user, session.sessionId);
  const ttl = deps.config.auth.accessTokenTtlSeconds;
  return {
    accessToken: await issueAccessToken(deps.key(), claims, ttl),
    tokenType: 'Bearer' as const,
    expiresIn: ttl,
    refreshToken: session.refreshToken,
    refreshExpiresIn: deps.config.auth.refreshTokenTtlSeconds,
    scope: claims.scope.join(' '),
  };
}
