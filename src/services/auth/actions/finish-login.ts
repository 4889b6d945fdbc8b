import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../config/schema.js';
import { DomainError } from '../../../core/errors.js';
import { audit, findChallenge, findUser, recordChallengeAttempt, type AuthDb } from '../repository.js';
import { scopesOf } from '../roles.js';
import { issueAccessToken, type SigningKey } from '../tokens.js';
import { hashCode } from './start-login.js';

type Outcome = { kind: 'ok'; userId: string } | { kind: 'invalid' } | { kind: 'wrong'; left: number };

/** The code step: a code is single use, expires, allows a few tries, and is compared in constant time. */
export async function finishLogin(
  deps: { db: AuthDb; config: Config; key: () => SigningKey },
  input: { challengeId: string; code: string },
  request: { traceId: string; address: string | null },
) {
  const trail = { username: null, address: request.address, request_id: request.traceId };
  // Decide and record the attempt in one transaction, and only then answer: a wrong code must count.
  const outcome = await deps.db.transaction().execute(async (tx): Promise<Outcome> => {
    const challenge = await findChallenge(tx, input.challengeId);
    const max = deps.config.auth.maxCodeAttempts;
    if (!challenge || challenge.used_at || challenge.expires_at.getTime() < Date.now() || challenge.attempts >= max) {
      return { kind: 'invalid' };
    }
    const match = timingSafeEqual(Buffer.from(hashCode(input.code), 'hex'), Buffer.from(challenge.code_hash, 'hex'));
    await recordChallengeAttempt(tx, challenge.id, match);
    const action = match ? 'login.succeeded' : 'login.code-refused';
    await audit(tx, { ...trail, action, user_id: challenge.user_id, detail: `attempt ${challenge.attempts + 1}` });
    return match ? { kind: 'ok', userId: challenge.user_id } : { kind: 'wrong', left: max - challenge.attempts - 1 };
  });
  if (outcome.kind === 'invalid') {
    throw new DomainError('AUTH_CHALLENGE_INVALID', 'This sign-in has expired or was used; sign in again.');
  }
  if (outcome.kind === 'wrong') {
    throw new DomainError('AUTH_CODE_WRONG', `Wrong code; ${outcome.left} tries left.`, { field: 'code' });
  }
  const user = await findUser(deps.db, outcome.userId);
  if (!user?.active) throw new DomainError('AUTH_CHALLENGE_INVALID', 'This account is not active.');
  const scope = scopesOf(user.role);
  const ttl = deps.config.auth.accessTokenTtlSeconds;
  const accessToken = await issueAccessToken(
    deps.key(),
    { sub: user.id, role: user.role, scope, office: user.office },
    ttl,
  );
  return { accessToken, tokenType: 'Bearer' as const, expiresIn: ttl, scope: scope.join(' ') };
}
