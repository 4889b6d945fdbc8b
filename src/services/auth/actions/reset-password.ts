import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../config/schema.js';
import { DomainError } from '../../../core/errors.js';
import { openPasswordReset, recordPasswordResetAttempt } from '../accounts-repository.js';
import { hashAccountCode, reachable, sendAccountCode } from '../account-codes.js';
import { hashPassword, passwordProblem } from '../passwords.js';
import { audit, clearRefusedPasswords, findUserByUsername, updateUser, type AuthDb } from '../repository.js';
import { revokeSessions } from '../sessions-repository.js';
import type { RevocationList } from '../sessions.js';

interface Deps {
  readonly db: AuthDb;
  readonly config: Config;
  readonly revocations: RevocationList;
}
type Trail = { readonly address: string | null; readonly requestId: string };

/**
 * "Forgot password": sends a code to the user's phone or e-mail. The answer is the same whether or not the user
 * exists, so it cannot be used to find accounts.
 */
export async function requestPasswordReset(deps: Deps, username: string, trail: Trail): Promise<void> {
  const user = await findUserByUsername(deps.db, username);
  const who = { username, address: trail.address, request_id: trail.requestId };
  await deps.db.transaction().execute(async (tx) => {
    if (!user?.active || !reachable(user)) {
      await audit(tx, { ...who, action: 'password.reset-refused', user_id: user?.id ?? null, detail: 'not sent' });
      return;
    }
    await sendAccountCode(tx, deps.config, user, 'reset', trail.requestId);
    await audit(tx, { ...who, action: 'password.reset-requested', user_id: user.id, detail: 'by the user' });
  });
}

const CODE_REFUSED = 'The code is wrong, expired or used; ask for a new one.';

/**
 * Sets a new password with a code sent by `requestPasswordReset` or an invitation. Every session of the user ends:
 * whoever knew the old password is signed out.
 */
export async function completePasswordReset(
  deps: Deps,
  input: { username: string; code: string; newPassword: string },
  trail: Trail,
): Promise<void> {
  const problem = passwordProblem(input.newPassword);
  if (problem) throw new DomainError('VALIDATION_FAILED', `newPassword: ${problem}`, { field: 'newPassword' });
  // Hash first, whatever the outcome: the answer takes as long for an unknown user as for a known one.
  const passwordHash = await hashPassword(input.newPassword);
  const user = await findUserByUsername(deps.db, input.username);
  const who = { username: input.username, address: trail.address, request_id: trail.requestId };
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const reset = user?.active ? await openPasswordReset(tx, user.id) : undefined;
    const usable =
      reset && reset.expires_at.getTime() > Date.now() && reset.attempts < deps.config.auth.maxCodeAttempts;
    const match =
      usable && timingSafeEqual(Buffer.from(hashAccountCode(input.code), 'hex'), Buffer.from(reset.code_hash, 'hex'));
    if (reset) await recordPasswordResetAttempt(tx, reset.id, Boolean(match));
    if (!user || !match) {
      await audit(tx, { ...who, action: 'password.reset-refused', user_id: user?.id ?? null, detail: 'wrong code' });
      return null;
    }
    await updateUser(tx, user.id, { password_hash: passwordHash });
    await clearRefusedPasswords(tx, user.id);
    await audit(tx, { ...who, action: 'password.changed', user_id: user.id, detail: `with a ${reset.purpose} code` });
    return revokeSessions(tx, { subjectId: user.id }, 'password changed');
  });
  if (outcome === null) throw new DomainError('AUTH_CODE_WRONG', CODE_REFUSED, { field: 'code' });
  deps.revocations.add(outcome);
}
