/**
 * The token endpoint's work (OpenID4VCI §6, pre-authorized code grant): the code and its PIN, once, before the offer
 * expires, buy an access token good for one credential within a few minutes. A wrong PIN is counted (and the count
 * committed, whatever is answered); the fifth spends the offer.
 */
import { DomainError } from '../../../../core/errors.js';
import type { CredentialDeps } from '../deps.js';
import { countTxCodeFailure, lockOfferByCode, markOfferRedeemed } from '../repository.js';
import { hashSecret, newNonce, newSecret, NONCE_SECONDS, sameSecret, txCodeHash } from '../secrets.js';

export const ACCESS_TOKEN_SECONDS = 300;
export const MAX_TX_CODE_FAILURES = 5;

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  /** Not in OpenID4VCI 1.0 (which has the nonce endpoint), kept for wallets of its drafts. */
  readonly c_nonce: string;
  readonly c_nonce_expires_in: number;
}

type Outcome = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly detail: string };

export async function redeemOffer(
  deps: CredentialDeps,
  input: { readonly preAuthorizedCode: string; readonly txCode: string | undefined },
): Promise<TokenResponse> {
  const outcome = await deps.db.transaction().execute(async (tx): Promise<Outcome> => {
    const offer = await lockOfferByCode(tx, hashSecret(input.preAuthorizedCode));
    if (!offer) return { ok: false, detail: 'This pre-authorized code is unknown.' };
    if (offer.redeemed_at) return { ok: false, detail: 'This offer has been used already.' };
    if (offer.expires_at.getTime() <= Date.now()) return { ok: false, detail: 'This offer has expired.' };
    if (offer.tx_code_failures >= MAX_TX_CODE_FAILURES) {
      return { ok: false, detail: 'Too many wrong PINs were tried: this offer is spent.' };
    }
    const expected = txCodeHash(deps.secretKey, offer.id, input.txCode ?? '');
    if (!input.txCode || !sameSecret(expected, offer.tx_code_hash)) {
      await countTxCodeFailure(tx, offer.id);
      return { ok: false, detail: input.txCode ? 'The PIN (tx_code) is wrong.' : 'The PIN (tx_code) is missing.' };
    }
    const token = newSecret();
    await markOfferRedeemed(tx, offer.id, {
      hash: hashSecret(token),
      expiresAt: new Date(Date.now() + ACCESS_TOKEN_SECONDS * 1000),
    });
    return { ok: true, token };
  });
  if (!outcome.ok) throw new DomainError('IDENTITY_CREDENTIAL_INVALID_GRANT', outcome.detail);
  return {
    access_token: outcome.token,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_SECONDS,
    c_nonce: newNonce(deps.secretKey),
    c_nonce_expires_in: NONCE_SECONDS,
  };
}
