/**
 * The credential endpoint's work (OpenID4VCI §8): the access token, once, for one SD-JWT VC of the person the offer
 * was made for, bound to the key the wallet proved it holds. The credential's row (its status slot) commits before it
 * is answered, so every credential in a wallet can be revoked.
 */
import { appendAudit } from '../../../../core/audit/append.js';
import { DomainError } from '../../../../core/errors.js';
import { uuidv7 } from '../../../../core/events/uuidv7.js';
import type { CredentialDeps } from '../deps.js';
import { verifyKeyProof } from '../key-proof.js';
import {
  credentialExpiry,
  NATIONAL_IDENTITY,
  nationalIdentityClaims,
  SD_JWT_VC_TYPE,
  vctOf,
} from '../national-identity.js';
import { insertCredential, lockOfferByAccessToken, markCredentialIssued } from '../repository.js';
import { issueSdJwt } from '../sd-jwt.js';
import { hashSecret } from '../secrets.js';
import { statusListUri, takeStatusSlot } from '../status-lists.js';
import { notActive } from './create-offer.js';

/** Digests that match no claim, added beside each object's real ones so their number says nothing. */
const DECOYS = 2;

export interface IssueCredentialInput {
  readonly accessToken: string | undefined;
  readonly configurationId: string | undefined;
  readonly proof: string | undefined;
  readonly issuer: string;
  readonly requestId: string;
}

export async function issueCredential(
  deps: CredentialDeps,
  input: IssueCredentialInput,
): Promise<{ credential: string; credentialId: string }> {
  // Before the transaction: the first signing key is made in a transaction of its own under the issuer lock, which
  // this one may take too (for a new status list); asking inside it would wait on itself.
  const signer = await deps.keys.signing();
  return deps.db.transaction().execute(async (tx) => {
    const offer = input.accessToken ? await lockOfferByAccessToken(tx, hashSecret(input.accessToken)) : undefined;
    if (!offer || !offer.access_token_expires_at || offer.access_token_expires_at.getTime() <= Date.now()) {
      throw new DomainError('IDENTITY_CREDENTIAL_INVALID_TOKEN', 'The access token is unknown or expired.');
    }
    if (offer.credential_issued_at) {
      throw new DomainError('IDENTITY_CREDENTIAL_INVALID_TOKEN', 'This access token has had its credential already.');
    }
    if (input.configurationId !== NATIONAL_IDENTITY) {
      throw new DomainError(
        'IDENTITY_CREDENTIAL_UNKNOWN_CONFIGURATION',
        `Ask for credential_configuration_id "${NATIONAL_IDENTITY}".`,
        { field: 'credential_configuration_id' },
      );
    }
    const holder = await verifyKeyProof(input.proof, { issuer: input.issuer, secretKey: deps.secretKey });
    const person = await deps.findIdentity(tx, { identityId: offer.identity_id });
    if (person?.status !== 'active') throw notActive();

    const now = new Date();
    const expiresAt = credentialExpiry(person.birthDate, now, deps.settings);
    const credentialId = uuidv7();
    const vct = vctOf(input.issuer);
    const slot = await takeStatusSlot(tx, ({ listId, index }) =>
      insertCredential(tx, {
        id: credentialId,
        identity_id: person.identityId,
        offer_id: offer.id,
        vct,
        status_list_id: listId,
        status_index: index,
        holder_key_thumbprint: holder.thumbprint,
        expires_at: expiresAt,
      }),
    );
    await markCredentialIssued(tx, offer.id);
    await appendAudit(tx, {
      actor: `wallet:${holder.thumbprint}`,
      action: 'identity.credential.issue',
      subject: person.identityId,
      detail: { credentialId, offerId: offer.id, vct, expiresAt: expiresAt.toISOString() },
      requestId: input.requestId,
    });
    const credential = await issueSdJwt({
      signer,
      typ: SD_JWT_VC_TYPE,
      decoys: DECOYS,
      claims: nationalIdentityClaims(person, {
        issuer: input.issuer,
        now,
        expiresAt,
        holderJwk: holder.jwk,
        status: { idx: slot.index, uri: statusListUri(input.issuer, slot.listId) },
        ageThresholds: deps.settings.ageThresholds,
        issuingCountry: deps.settings.issuingCountry,
      }),
    });
    return { credential, credentialId };
  });
}
