import { randomInt } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Config } from '../../../config/schema.js';
import { appendEvent } from '../../../core/events/outbox.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { DomainError } from '../../../core/errors.js';
import { LoginCodeRequested } from '../events.js';
import { decoyHash, verifyPassword } from '../passwords.js';
import {
  audit,
  clearRefusedPasswords,
  findUserByUsername,
  insertChallenge,
  recordRefusedPassword,
  type AuthDb,
} from '../repository.js';

export const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/** One answer for a wrong password, an unknown user, an inactive or a locked account: nothing to learn from it. */
const INVALID_CREDENTIALS =
  'The username or password is wrong, or the account is locked for a while after repeated failures.';

/**
 * The password step. An unknown user, an inactive one and a wrong password get the same answer after the same work
 * (an argon2 check against a decoy hash). On success a one-time code goes to the user's phone or e-mail.
 */
export async function startLogin(
  deps: { db: AuthDb; config: Config },
  input: { username: string; password: string },
  request: { traceId: string; address: string | null },
): Promise<{ challengeId: string; channel: 'sms' | 'email' | 'development' | 'totp'; expiresAt: string }> {
  const traceId = request.traceId;
  const user = await findUserByUsername(deps.db, input.username);
  const valid = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
  const locked = user?.locked_until !== null && user?.locked_until !== undefined && user.locked_until > new Date();
  const trail = { username: input.username, address: request.address, request_id: traceId };
  if (!user || !user.active || !valid || locked) {
    if (user) {
      // A locked account refuses even the right password, and does not prolong its lock for it.
      const lockedUntil = locked
        ? user.locked_until
        : valid && user.active
          ? null
          : await recordRefusedPassword(deps.db, user.id);
      const action = lockedUntil && lockedUntil > new Date() ? 'login.locked' : 'login.password-refused';
      await audit(deps.db, {
        ...trail,
        action,
        user_id: user.id,
        detail: action === 'login.locked' ? `until ${lockedUntil!.toISOString()}` : null,
      });
    } else {
      await audit(deps.db, { ...trail, action: 'login.password-refused', user_id: null, detail: 'no such user' });
    }
    throw new DomainError('AUTH_INVALID_CREDENTIALS', INVALID_CREDENTIALS);
  }
  const fixed = deps.config.auth.developmentCode;
  const channel = user.totp_enabled_at
    ? 'totp'
    : fixed
      ? 'development'
      : user.phone
        ? 'sms'
        : user.email
          ? 'email'
          : undefined;
  if (!channel) throw new DomainError('AUTH_NO_SECOND_FACTOR', 'No phone number or e-mail address to send a code to.');
  // With an authenticator app nothing is sent; the stored hash then matches no code.
  const code = channel === 'totp' ? '' : (fixed ?? String(randomInt(0, 1_000_000)).padStart(6, '0'));
  const challengeId = uuidv7();
  const expiresAt = new Date(Date.now() + deps.config.auth.codeTtlSeconds * 1000);
  await deps.db.transaction().execute(async (tx) => {
    await clearRefusedPasswords(tx, user.id);
    await audit(tx, { ...trail, action: 'login.password-accepted', user_id: user.id, detail: `code by ${channel}` });
    await insertChallenge(tx, {
      id: challengeId,
      user_id: user.id,
      code_hash: hashCode(code),
      channel,
      expires_at: expiresAt,
    });
    if (channel === 'development' || channel === 'totp') return;
    await appendEvent(tx, 'auth', LoginCodeRequested, {
      subject: user.id,
      traceId,
      data: {
        userId: user.id,
        channel,
        to: (channel === 'sms' ? user.phone : user.email)!,
        language: user.language,
        code,
        minutes: Math.round(deps.config.auth.codeTtlSeconds / 60),
      },
    });
  });
  return { challengeId, channel, expiresAt: expiresAt.toISOString() };
}
