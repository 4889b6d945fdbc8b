/**
 * A credential offer for a person (OpenID4VCI §4.1, pre-authorized code flow): staff look the person up by UIN and
 * hand over the offer (a QR code of `openid-credential-offer://…`) and, separately, its PIN. The wallet needs both,
 * once, before the offer expires. The PIN is answered only here, to the staff member who made the offer; it is kept
 * only as a keyed hash.
 */
import { appendAudit } from '../../../../core/audit/append.js';
import { DomainError } from '../../../../core/errors.js';
import { uuidv7 } from '../../../../core/events/uuidv7.js';
import type { Caller } from '../../../../core/http/scopes.js';
import type { CredentialDeps } from '../deps.js';
import { NATIONAL_IDENTITY } from '../national-identity.js';
import { insertOffer } from '../repository.js';
import { hashSecret, newSecret, newTxCode, TX_CODE_LENGTH, txCodeHash } from '../secrets.js';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export interface CredentialOffer {
  readonly credential_issuer: string;
  readonly credential_configuration_ids: readonly string[];
  readonly grants: {
    readonly [PRE_AUTHORIZED_GRANT]: {
      readonly 'pre-authorized_code': string;
      readonly tx_code: { readonly input_mode: 'numeric'; readonly length: number; readonly description: string };
    };
  };
}

export interface CreatedOffer {
  readonly offerId: string;
  readonly identityId: string;
  readonly expiresAt: Date;
  readonly credentialOffer: CredentialOffer;
  /** What the QR code carries: the offer by value. */
  readonly offerUri: string;
  readonly txCode: string;
}

export async function createCredentialOffer(
  deps: CredentialDeps,
  input: { readonly uin: string; readonly caller: Caller; readonly requestId: string; readonly issuer: string },
): Promise<CreatedOffer> {
  return deps.db.transaction().execute(async (tx) => {
    const person = await deps.findIdentity(tx, { uin: input.uin });
    if (!person) {
      throw new DomainError('IDENTITY_CREDENTIAL_IDENTITY_NOT_FOUND', `No identity has the UIN ${input.uin}.`, {
        field: 'uin',
      });
    }
    if (person.status !== 'active') throw notActive();
    const offerId = uuidv7();
    const code = newSecret();
    const txCode = newTxCode();
    const expiresAt = new Date(Date.now() + deps.settings.offerMinutes * 60_000);
    await insertOffer(tx, {
      id: offerId,
      identityId: person.identityId,
      preAuthorizedCodeHash: hashSecret(code),
      txCodeHash: txCodeHash(deps.secretKey, offerId, txCode),
      expiresAt,
      createdBy: input.caller.sub,
    });
    await appendAudit(tx, {
      actor: input.caller.sub,
      actorRole: input.caller.role,
      action: 'identity.credential.offer',
      subject: person.identityId,
      detail: { offerId, expiresAt: expiresAt.toISOString() },
      requestId: input.requestId,
    });
    const credentialOffer: CredentialOffer = {
      credential_issuer: input.issuer,
      credential_configuration_ids: [NATIONAL_IDENTITY],
      grants: {
        [PRE_AUTHORIZED_GRANT]: {
          'pre-authorized_code': code,
          tx_code: {
            input_mode: 'numeric',
            length: TX_CODE_LENGTH,
            description: 'The PIN the registration office gave you with this code',
          },
        },
      },
    };
    return {
      offerId,
      identityId: person.identityId,
      expiresAt,
      credentialOffer,
      offerUri: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(credentialOffer))}`,
      txCode,
    };
  });
}

export function notActive(): DomainError {
  return new DomainError(
    'IDENTITY_CREDENTIAL_IDENTITY_NOT_ACTIVE',
    'This identity has been deactivated: it gets no new credential.',
  );
}
