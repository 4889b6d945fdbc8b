/**
 * What a signed-in user does to their own account: see it, change their password, and set up or remove an
 * authenticator app (TOTP) with its recovery codes.
 */
import type { Config } from '../../../config/schema.js';
import { DomainError } from '../../../core/errors.js';
import { replaceRecoveryCodes, unusedRecoveryCodes } from '../accounts-repository.js';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.js';
import { audit, findUser, setTotp, updateUser, type AuditAction, type AuthDb, type UserRow } from '../repository.js';
import { seal, TOTP_SEAL, unseal } from '../seal.js';
import { revokeSessions } from '../sessions-repository.js';
import type { RevocationList } from '../sessions.js';
import { checkTotp, hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, qrCodeSvg } from '../totp.js';
import type { Acting } from './manage-users.js';
import { toUserView } from './manage-users.js';

export interface OwnAccountDeps {
  readonly db: AuthDb;
  readonly config: Config;
  readonly revocations: RevocationList;
}

async function me(deps: OwnAccountDeps, acting: Acting): Promise<UserRow> {
  const user = acting.caller.kind === 'user' ? await findUser(deps.db, acting.caller.sub) : undefined;
  if (!user?.active) throw new DomainError('UNAUTHENTICATED', 'This token is not of an active user; sign in again.');
  return user;
}

export async function ownAccount(deps: OwnAccountDeps, acting: Acting) {
  const user = await me(deps, acting);
  return { ...toUserView(user), recoveryCodesLeft: await unusedRecoveryCodes(deps.db, user.id) };
}

async function requirePassword(user: UserRow, password: string): Promise<void> {
  if (!user.password_hash || !(await verifyPassword(user.password_hash, password))) {
    throw new DomainError('AUTH_INVALID_CREDENTIALS', 'The current password is wrong.', { field: 'currentPassword' });
  }
}

/** Changes the password; the user's other sessions end, this one goes on. */
export async function changeOwnPassword(
  deps: OwnAccountDeps,
  acting: Acting & { sessionId: string | undefined },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await me(deps, acting);
  await requirePassword(user, input.currentPassword);
  const problem = passwordProblem(input.newPassword);
  if (problem) throw new DomainError('VALIDATION_FAILED', `newPassword: ${problem}`, { field: 'newPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (tx) => {
    await updateUser(tx, user.id, { password_hash: passwordHash });
    await record(tx, acting, 'password.changed', user, 'by the user');
    const others = await revokeSessions(tx, { subjectId: user.id }, 'password changed');
    deps.revocations.add(others.filter((id) => id !== acting.sessionId));
  });
}

/**
 * Step 1 of enrolment: a new secret, as a QR code and as text. It is stored but not yet used for sign-in: that waits
 * for a code from the app (step 2), so a failed scan never locks the user out.
 */
export async function startTotpEnrolment(deps: OwnAccountDeps, acting: Acting) {
  const user = await me(deps, acting);
  if (user.totp_enabled_at) throw new DomainError('TOTP_ALREADY_ENROLLED', 'Remove the current app first.');
  const secret = newTotpSecret();
  await setTotp(deps.db, user.id, {
    secret: seal(deps.config.secretKey!, TOTP_SEAL, secret),
    enabledAt: null,
    lastStep: null,
  });
  const uri = otpauthUri({ secret, account: user.username.replaceAll(':', '.'), issuer: 'Civitas' });
  return { secret, otpauthUri: uri, qrCodeSvg: await qrCodeSvg(uri) };
}

/** Step 2: a code from the app proves the scan worked; sign-in then asks for the app's code. Answers recovery codes. */
export async function confirmTotpEnrolment(deps: OwnAccountDeps, acting: Acting, code: string) {
  const user = await me(deps, acting);
  if (user.totp_enabled_at) throw new DomainError('TOTP_ALREADY_ENROLLED', 'Remove the current app first.');
  if (!user.totp_secret) throw new DomainError('TOTP_NOT_STARTED', 'Start the enrolment first.');
  const step = checkTotp(unseal(deps.config.secretKey!, TOTP_SEAL, user.totp_secret), code.trim(), {});
  if (step === undefined)
    throw new DomainError('AUTH_CODE_WRONG', 'The code does not match the app.', { field: 'code' });
  const recoveryCodes = newRecoveryCodes(10);
  await deps.db.transaction().execute(async (tx) => {
    await setTotp(tx, user.id, { secret: user.totp_secret, enabledAt: new Date(), lastStep: step });
    await replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode));
    await record(tx, acting, 'totp.enrolled', user, null);
  });
  return { recoveryCodes };
}

/** Removes the app (needs the password); sign-in codes go by SMS or e-mail again. */
export async function removeTotp(deps: OwnAccountDeps, acting: Acting, password: string): Promise<void> {
  const user = await me(deps, acting);
  await requirePassword(user, password);
  await deps.db.transaction().execute(async (tx) => {
    await setTotp(tx, user.id, { secret: null, enabledAt: null, lastStep: null });
    await replaceRecoveryCodes(tx, user.id, []);
    await record(tx, acting, 'totp.removed', user, null);
  });
}

async function record(tx: AuthDb, acting: Acting, action: AuditAction, user: UserRow, detail: string | null) {
  await audit(tx, {
    action,
    user_id: user.id,
    username: user.username,
    address: acting.address,
    request_id: acting.requestId,
    detail,
  });
}
