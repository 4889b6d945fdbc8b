import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../config/schema.js';
import { DomainError } from '../../../core/errors.js';
import { spendRecoveryCode } from '../accounts-repository.js';
import { tokenResponse } from '../claims.js';
import {
  acceptTotpStep,
  audit,
  findChallenge,
  findUser,
  recordChallengeAttempt,
  type AuthDb,
  type ChallengeRow,
} from '../repository.js';
import { TOTP_SEAL, unseal } from '../seal.js';
import { openSession } from '../sessions.js';
import type { SigningKey } from '../tokens.js';
import { checkTotp, hashRecoveryCode, looksLikeRecoveryCode } from '../totp.js';
import { hashCode } from './start-login.js';

type Outcome = { kind: 'ok'; userId: string } | { kind: 'invalid' } | { kind: 'wrong'; left: number };

/**
 * The code step: a code is single use, expires, allows a few tries, and is compared in constant time. With an
 * authenticator app the code is the app's current one (each accepted once) or one of the user's recovery codes.
 */
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
    const match = await codeMatches(tx, deps.config, challenge, input.code.trim(), trail);
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
  const session = await openSession(deps.db, { id: user.id, kind: 'user' }, deps.config.auth.refreshTokenTtlSeconds, {
    address: request.address,
    requestId: request.traceId,
  });
  return tokenResponse(deps, user, session);
}

async function codeMatches(
  tx: AuthDb,
  config: Config,
  challenge: ChallengeRow,
  code: string,
  trail: { username: null; address: string | null; request_id: string },
): Promise<boolean> {
  if (challenge.channel !== 'totp') {
    if (!/^\d{6}$/.test(code)) return false;
    return timingSafeEqual(Buffer.from(hashCode(code), 'hex'), Buffer.from(challenge.code_hash, 'hex'));
  }
  const user = await findUser(tx, challenge.user_id);
  if (!user?.totp_secret || !user.totp_enabled_at) return false;
  if (looksLikeRecoveryCode(code)) {
    const spent = await spendRecoveryCode(tx, user.id, hashRecoveryCode(code));
    if (spent) await audit(tx, { ...trail, action: 'totp.recovery-code-used', user_id: user.id, detail: null });
    return spent;
  }
  const step = checkTotp(unseal(config.secretKey!, TOTP_SEAL, user.totp_secret), code, {
    lastUsedStep: user.totp_last_step === null ? null : Number(user.totp_last_step),
  });
  return step !== undefined && (await acceptTotpStep(tx, user.id, step));
}
