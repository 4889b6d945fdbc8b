/**
 * Revocation: a credential's bit in its status list turns to INVALID, which verifiers see in the list's next token.
 * Staff revoke one credential (a lost phone); the identity core revokes all of a person's on a registered death,
 * within its own transaction, and pending offers of that person expire with them.
 */
import { sql } from 'kysely';
import { appendAudit, appendAudits } from '../../../../core/audit/append.js';
import { DomainError } from '../../../../core/errors.js';
import type { Caller } from '../../../../core/http/scopes.js';
import type { CredentialDeps } from '../deps.js';
import { credentialsDb, findCredential, revokeCredentials, type CredentialRow } from '../repository.js';

export async function revokeCredential(
  deps: Pick<CredentialDeps, 'db'>,
  input: { readonly id: string; readonly reason: string; readonly caller: Caller; readonly requestId: string },
): Promise<CredentialRow> {
  return deps.db.transaction().execute(async (tx) => {
    const [revoked] = await revokeCredentials(tx, { id: input.id }, { reason: input.reason, by: input.caller.sub });
    const credential = revoked ?? (await findCredential(tx, input.id));
    if (!credential) throw new DomainError('IDENTITY_CREDENTIAL_NOT_FOUND', `No credential ${input.id}.`);
    if (revoked) {
      await appendAudit(tx, {
        actor: input.caller.sub,
        actorRole: input.caller.role,
        action: 'identity.credential.revoke',
        subject: credential.identity_id,
        detail: { credentialId: credential.id, reason: input.reason },
        requestId: input.requestId,
      });
    }
    return credential;
  });
}

/**
 * Revokes every credential of an identity and expires its pending offers, inside the caller's transaction (a handle
 * or transaction bound to the identity schema). Revoking twice changes nothing. Its shape is that of the identity
 * core's `afterDeactivation` hook, so it can be passed as it is.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await deactivateIdentity(tx, identityId, ...);
 *   await revokeCredentialsOf(tx, identityId, 'death registered');
 * });
 */
export async function revokeCredentialsOf(tx: object, identityId: string, reason: string): Promise<void> {
  const db = credentialsDb(tx);
  const revoked = await revokeCredentials(db, { identityId }, { reason, by: 'identity' });
  await db
    .updateTable('credential_offers')
    .set({ expires_at: sql<Date>`least(expires_at, now())` })
    .where('identity_id', '=', identityId)
    .where('credential_issued_at', 'is', null)
    .execute();
  await appendAudits(
    tx,
    revoked.map((credential) => ({
      actor: 'identity',
      action: 'identity.credential.revoke',
      subject: identityId,
      detail: { credentialId: credential.id, reason },
    })),
  );
}
